import { describe, expect, it } from "vitest";
import { posterguardArgs } from "../../bench/soak/child-process.js";
import { runSoak } from "../../bench/soak/run-soak.js";
import { FAULT_KINDS } from "../../bench/soak/soak-faults.js";
import { DEFAULT_SOAK } from "../../bench/soak/soak-options.js";

/**
 * `npm run soak`, short: real `serve` and `worker` processes (the build in dist) SIGKILLed and
 * restarted at seeded moments, a corrupted queue message, image fetches that hang or reset,
 * bad inputs among the posters; then every request and job is checked.
 */
describe("a short soak", () => {
  const settings = { nodeArgs: posterguardArgs(false) };

  it("loses and duplicates nothing on the embedded backend", { timeout: 180_000 }, async () => {
    const report = await runSoak(
      "embedded",
      { ...DEFAULT_SOAK, posters: 60, faults: 6, rate: 12, drainSeconds: 60 },
      settings,
    );
    expect(report.failures).toEqual([]);
    expect(report).toMatchObject({ ok: true, refused: 7, jobs: { total: 60, lost: 0, duplicated: 0 } });
    expect(report.faults["kill-server"] + report.faults["kill-worker"]).toBeGreaterThan(0);
    expect(report.faults["corrupt-queue"]).toBe(1);
  });

  // The server is not killed here: a crash between the DynamoDB write and the SQS send leaves a
  // PENDING job without a message until a sweeper finds it (README, Reliability).
  it("loses and duplicates nothing on the AWS adapters (emulators)", { timeout: 180_000 }, async () => {
    const report = await runSoak(
      "aws",
      {
        ...DEFAULT_SOAK,
        posters: 30,
        faults: 4,
        faultKinds: FAULT_KINDS.filter((kind) => kind !== "kill-server"),
        rate: 10,
        drainSeconds: 60,
      },
      settings,
    );
    expect(report.failures).toEqual([]);
    expect(report).toMatchObject({ ok: true, jobs: { total: 30, lost: 0, duplicated: 0 } });
    expect(report.faults["corrupt-queue"]).toBe(1);
  });
});
