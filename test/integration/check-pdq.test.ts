import { describe, expect, it } from "vitest";
import { hammingDistance } from "../../src/domain/pdq-hash.js";
import { runCli } from "../support/cli-process.js";

const fixture = (name: string) => new URL(`../fixtures/pdq/${name}`, import.meta.url).pathname;

interface Entry {
  file: string;
  pdq?: string;
  pdqQuality?: number;
  error?: unknown;
}

describe("posterguard check --format json with the pdq detector", () => {
  it("gives each poster's PDQ hash and quality, close for near-duplicates and far for others", async () => {
    const { code, stdout } = await runCli(
      [
        "check",
        "--format",
        "json",
        fixture("aaa-orig.jpg"),
        fixture("shrink-a-lot.jpg"),
        fixture("q0122.jpg"),
        fixture("q0003.jpg"),
      ],
      { LOG_LEVEL: "silent", DETECTORS: "metrics,pdq" },
    );
    expect(code).not.toBe(2);
    const [bridge, shrunk, photo, flat] = JSON.parse(stdout) as Entry[];
    for (const entry of [bridge, shrunk, photo, flat]) expect(entry?.pdq).toMatch(/^[0-9a-f]{64}$/);
    expect(
      hammingDistance(bridge?.pdq ?? "", "f8f8f0cce0f4e84d0e370a22028f67f0b36e2ed596623e1d33e6339c4e9c9b22"),
    ).toBeLessThanOrEqual(10);
    expect(hammingDistance(bridge?.pdq ?? "", shrunk?.pdq ?? "")).toBeLessThanOrEqual(31);
    expect(hammingDistance(bridge?.pdq ?? "", photo?.pdq ?? "")).toBeGreaterThan(31);
    expect(bridge?.pdqQuality).toBe(100);
    expect(flat?.pdqQuality).toBe(3);
  });

  it("leaves the fields out when pdq is not among the detectors", async () => {
    const { stdout } = await runCli(["check", "--format", "json", fixture("aaa-orig.jpg")], {
      LOG_LEVEL: "silent",
      DETECTORS: "metrics",
    });
    const [entry] = JSON.parse(stdout) as Entry[];
    expect(entry).toBeDefined();
    expect(entry).not.toHaveProperty("pdq");
    expect(entry).not.toHaveProperty("pdqQuality");
  });
});
