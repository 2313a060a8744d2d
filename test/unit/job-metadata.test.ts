import { describe, expect, it } from "vitest";
import {
  assertStorableMetadata,
  InvalidMetadataError,
  MAX_METADATA_BYTES,
  MAX_METADATA_DEPTH,
} from "../../src/domain/job-metadata.js";

function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let i = 1; i < levels; i++) value = { child: value };
  return value;
}

describe("metadata a job can store", () => {
  it("accepts none, plain fields, and nesting up to the limit", () => {
    expect(() => assertStorableMetadata(undefined)).not.toThrow();
    expect(() => assertStorableMetadata({ title: "Dune", year: 2021, tags: ["a", "b"] })).not.toThrow();
    expect(() => assertStorableMetadata(nested(MAX_METADATA_DEPTH))).not.toThrow();
  });

  it("refuses nesting one level past the limit, and 5,000 levels without overflowing the stack", () => {
    expect(() => assertStorableMetadata(nested(MAX_METADATA_DEPTH + 1))).toThrow(InvalidMetadataError);
    expect(() => assertStorableMetadata(nested(5000))).toThrow(/nested more than 8 levels/);
  });

  it("counts arrays as levels too", () => {
    let value: unknown = 1;
    for (let i = 0; i < MAX_METADATA_DEPTH; i++) value = [value];
    expect(() => assertStorableMetadata({ list: value })).toThrow(InvalidMetadataError);
  });

  it("refuses metadata larger than the limit as JSON", () => {
    expect(() => assertStorableMetadata({ notes: "x".repeat(MAX_METADATA_BYTES) })).toThrow(/bytes as JSON/);
    expect(() => assertStorableMetadata({ notes: "x".repeat(MAX_METADATA_BYTES - 20) })).not.toThrow();
  });
});
