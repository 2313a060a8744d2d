import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/adapters/embedded/open-database.js";
import { SqliteJobStore } from "../../src/adapters/embedded/sqlite-job-store.js";
import { SqliteNearDuplicateIndex } from "../../src/adapters/embedded/sqlite-near-duplicate-index.js";
import { ComplianceEngine } from "../../src/compliance/compliance-engine.js";
import { createDetectors } from "../../src/compliance/detector-registry.js";
import { indexingPdqObservations } from "../../src/compliance/index-pdq-observations.js";
import { PolicySource } from "../../src/compliance/policy/policy-source.js";
import { createLogger } from "../../src/observability/logger.js";
import { systemClock } from "../../src/ports/clock.js";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/pdq/${name}`, import.meta.url));

describe("the pdq detector in the engine", () => {
  it("raises no violation, and each checked poster joins the near-duplicate index", async () => {
    const db = openDatabase(":memory:");
    const jobs = new SqliteJobStore(db);
    const index = new SqliteNearDuplicateIndex(db);
    const failures: unknown[] = [];
    const engine = new ComplianceEngine(
      createDetectors(["metrics", "pdq"]),
      indexingPdqObservations(jobs, index, (_hash, error) => failures.push(error)),
      systemClock,
    );
    const policy = new PolicySource("generic", createLogger("silent")).forPoster(undefined, undefined);
    const original = await engine.check(
      { bytes: fixture("aaa-orig.jpg"), format: "jpeg", posterHash: "a".repeat(64) },
      policy,
    );
    await engine.check(
      { bytes: fixture("blur-a-lot.jpg"), format: "jpeg", posterHash: "b".repeat(64) },
      policy,
    );
    await engine.check({ bytes: fixture("q0122.jpg"), format: "jpeg", posterHash: "c".repeat(64) }, policy);

    expect(original.violations.filter((v) => v.detector === "pdq")).toEqual([]);
    expect(original.detectors.map((d) => d.id)).toContain("pdq");
    const stored = await jobs.getObservation("a".repeat(64), "pdq", "1.0.0");
    expect(stored).toBeDefined();
    const { hash } = (stored as { data: { hash: string } }).data;
    const matches = await index.findWithin(hash);
    expect(matches.map((m) => m.posterHash)).toEqual(["a".repeat(64), "b".repeat(64)]);
    expect(failures).toEqual([]);
    db.close();
  });

  it("re-judges a poster stored before pdq existed (its hash cannot change a verdict)", async () => {
    const db = openDatabase(":memory:");
    const jobs = new SqliteJobStore(db);
    const policy = new PolicySource("generic", createLogger("silent")).forPoster(undefined, undefined);
    const before = new ComplianceEngine(createDetectors(["metrics"]), jobs, systemClock);
    await before.check({ bytes: fixture("q0122.jpg"), format: "jpeg", posterHash: "c".repeat(64) }, policy);
    const after = new ComplianceEngine(createDetectors(["metrics", "pdq"]), jobs, systemClock);
    const verdict = await after.rejudge("c".repeat(64), policy);
    expect(verdict.detectors.map((d) => d.id)).toEqual(["metrics"]);
    db.close();
  });
});
