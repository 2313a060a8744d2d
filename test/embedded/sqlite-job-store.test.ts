import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/adapters/embedded/open-database.js";
import { SqliteJobStore } from "../../src/adapters/embedded/sqlite-job-store.js";
import type { ComplianceResult } from "../../src/domain/compliance-result.js";
import type { NewJob } from "../../src/ports/job-store.js";

const HASH = "a".repeat(64);
const result: ComplianceResult = {
  isCompliant: true,
  violations: [],
  policy: { id: "default", version: "v1" },
  detectors: [],
  checkedAt: "2026-01-01T00:00:00.000Z",
  preset: "generic",
  artworkType: "poster",
};

function newJob(jobId: string, overrides: Partial<NewJob> = {}): NewJob {
  return {
    jobId,
    posterHash: HASH,
    policyVersion: "v1",
    verdictKey: "v1",
    platform: "streamflix",
    artworkType: "poster",
    posterUrl: "https://img.example/p.jpg",
    metadata: { title: "T" },
    storage: { bucket: "b", key: `posters/streamflix/aa/${HASH}.jpg` },
    createdAt: "2026-01-01T00:00:00.000Z",
    ...overrides,
  };
}

describe("SqliteJobStore", () => {
  let dir: string;
  let db: Database.Database;
  let store: SqliteJobStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "posterguard-store-"));
    db = openDatabase(join(dir, "test.db"));
    store = new SqliteJobStore(db);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("creates one job per (poster, policy version) and replaces only a FAILED one", async () => {
    const first = await store.createIfAbsent(newJob("01J00000000000000000000001"));
    expect(first).toMatchObject({ created: true, job: { status: "PENDING", attempts: 0 } });
    const second = await store.createIfAbsent(newJob("01J00000000000000000000002"));
    expect(second).toMatchObject({ created: false, job: { jobId: "01J00000000000000000000001" } });
    const otherPolicy = await store.createIfAbsent(
      newJob("01J00000000000000000000003", { policyVersion: "v2", verdictKey: "v2" }),
    );
    expect(otherPolicy.created).toBe(true);

    await store.failJob(
      "01J00000000000000000000001",
      null,
      { code: "X", message: "boom" },
      "2026-01-01T00:01:00Z",
    );
    const retry = await store.createIfAbsent(newJob("01J00000000000000000000004"));
    expect(retry).toMatchObject({ created: true, job: { jobId: "01J00000000000000000000004" } });
    expect((await store.findCurrentForPoster(HASH, "v1"))?.jobId).toBe("01J00000000000000000000004");
  });

  it("fences processing with a lease: no takeover while it is valid, no writes from a stale holder", async () => {
    const { job } = await store.createIfAbsent(newJob("01J00000000000000000000010"));
    const t0 = "2026-01-01T00:00:00.000Z";
    const lease1 = await store.startProcessing(job.jobId, "token-1", "2026-01-01T00:00:30.000Z", t0);
    expect(lease1).toMatchObject({ status: "PROCESSING", attempts: 1, startedAt: t0 });
    expect(
      await store.startProcessing(
        job.jobId,
        "token-2",
        "2026-01-01T00:00:40.000Z",
        "2026-01-01T00:00:10.000Z",
      ),
    ).toBeUndefined();

    const takeover = await store.startProcessing(
      job.jobId,
      "token-2",
      "2026-01-01T00:01:30.000Z",
      "2026-01-01T00:00:31.000Z",
    );
    expect(takeover).toMatchObject({ status: "PROCESSING", attempts: 2 });
    expect(await store.completeJob(job.jobId, "token-1", result, "2026-01-01T00:00:32.000Z", 5)).toBe(false);
    expect(await store.extendLease(job.jobId, "token-1", "2026-01-01T00:05:00.000Z")).toBe(false);
    expect(await store.completeJob(job.jobId, "token-2", result, "2026-01-01T00:00:33.000Z", 7)).toBe(true);

    const done = await store.getJob(job.jobId);
    expect(done).toMatchObject({
      status: "COMPLETED",
      result,
      processingDurationMs: 7,
      completedAt: "2026-01-01T00:00:33.000Z",
    });
    expect(
      await store.startProcessing(
        job.jobId,
        "token-3",
        "2026-01-01T01:00:00.000Z",
        "2026-01-01T00:59:00.000Z",
      ),
    ).toBeUndefined();
  });

  it("releases a job for a retry with its error, and requeues a FAILED one", async () => {
    const { job } = await store.createIfAbsent(newJob("01J00000000000000000000020"));
    await store.startProcessing(job.jobId, "t", "2026-01-01T00:00:30.000Z", "2026-01-01T00:00:00.000Z");
    expect(
      await store.releaseJob(job.jobId, "t", { code: "E", message: "transient" }, "2026-01-01T00:00:01Z"),
    ).toBe(true);
    expect(await store.getJob(job.jobId)).toMatchObject({ status: "PENDING", error: { code: "E" } });
    expect(await store.failJob(job.jobId, null, { code: "F", message: "dead" }, "2026-01-01T00:00:02Z")).toBe(
      true,
    );
    expect(await store.requeueFailedJob(job.jobId, "2026-01-01T00:00:03Z")).toBe(true);
    expect((await store.getJob(job.jobId))?.status).toBe("PENDING");
  });

  it("records sightings once per place, counting repeats", async () => {
    const seen = { posterHash: HASH, platform: "streamflix", posterUrl: "https://img.example/p.jpg" };
    await store.recordSighting({ ...seen, seenAt: "2026-01-01T00:00:00.000Z" });
    await store.recordSighting({ ...seen, seenAt: "2026-01-02T00:00:00.000Z" });
    await store.recordSighting({
      ...seen,
      pageUrl: "https://c.example/t/1",
      seenAt: "2026-01-03T00:00:00.000Z",
    });
    const sightings = await store.listSightings(HASH);
    expect(sightings).toHaveLength(2);
    expect(sightings.find((s) => !s.pageUrl)).toMatchObject({
      firstSeenAt: "2026-01-01T00:00:00.000Z",
      lastSeenAt: "2026-01-02T00:00:00.000Z",
      timesSeen: 2,
    });
  });

  it("keeps the first stored response for a requestId", async () => {
    const first = await store.saveStoredResponse("r1", { fingerprint: "f", statusCode: 202, body: { a: 1 } });
    const second = await store.saveStoredResponse("r1", {
      fingerprint: "g",
      statusCode: 200,
      body: { a: 2 },
    });
    expect(first).toEqual({ fingerprint: "f", statusCode: 202, body: { a: 1 } });
    expect(second).toEqual(first);
  });

  it("pages through jobs newest first with filters", async () => {
    for (let i = 0; i < 5; i++) {
      const hash = String(i).repeat(64);
      await store.createIfAbsent(
        newJob(`01J0000000000000000000003${i}`, { posterHash: hash, platform: i % 2 ? "odd" : "even" }),
      );
    }
    const page1 = await store.listJobs({ limit: 2, platform: "even" });
    expect(page1.items.map((j) => j.jobId)).toEqual([
      "01J00000000000000000000034",
      "01J00000000000000000000032",
    ]);
    const page2 = await store.listJobs({ limit: 2, platform: "even", cursor: page1.nextCursor });
    expect(page2.items.map((j) => j.jobId)).toEqual(["01J00000000000000000000030"]);
    expect(page2.nextCursor).toBeUndefined();
    expect(await store.countByStatus()).toEqual({ PENDING: 5, PROCESSING: 0, COMPLETED: 0, FAILED: 0 });
  });
});
