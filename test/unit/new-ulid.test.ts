import { decodeTime, isValid } from "ulid";
import { describe, expect, it } from "vitest";
import { newUlid } from "../../src/ids/new-ulid.js";

describe("newUlid", () => {
  it("makes valid, distinct ULIDs stamped with the given time, past the end of its random pool", () => {
    const ids = Array.from({ length: 3000 }, () => newUlid(1_700_000_000_000));
    expect(ids.every((id) => isValid(id) && decodeTime(id) === 1_700_000_000_000)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("orders ids by their time", () => {
    expect(newUlid(1000) < newUlid(2000)).toBe(true);
  });
});
