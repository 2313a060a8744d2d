import { describe, expect, it } from "vitest";
import { posterguardArgs } from "../../bench/soak/child-process.js";
import { RSS_BOUND_MIB, runFuzz } from "../../bench/soak/fuzz/run-fuzz.js";

/**
 * 200 fuzzed requests with a fixed seed against a `serve` process (the build in dist): bodies,
 * headers, poster URLs and hostile images behind them. `npm run fuzz` runs a long one.
 */
describe("the API under fuzzed input", () => {
  it("answers every case with a 2xx or a clear 4xx, stays up and within its memory", {
    timeout: 180_000,
  }, async () => {
    const report = await runFuzz({ cases: 200, seed: 14, nodeArgs: posterguardArgs(false) });
    expect(report.failures).toEqual([]);
    expect(report.cases).toBe(200);
    for (const category of ["body", "header", "url", "image", "query"]) {
      expect(report.byCategory[category]?.cases).toBeGreaterThan(5);
    }
    expect(report.serverAlive).toBe(true);
    expect(report.healthz).toBe(200);
    expect(report.jobsLeftUnsettled).toBe(0);
    expect(report.peakRssMiB).toBeGreaterThan(0);
    expect(report.peakRssMiB).toBeLessThan(RSS_BOUND_MIB);
    // The decompression bomb and the headers claiming huge sizes are refused from their headers.
    expect(report.images["bomb-121mp.png"]).toMatch(/^422 /);
    expect(report.images["png-claims-huge.png"]).toMatch(/^422 /);
    expect(report.images["jpeg-claims-huge.jpg"]).toMatch(/^422 /);
  });
});
