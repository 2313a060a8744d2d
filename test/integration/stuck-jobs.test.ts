import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Database from "better-sqlite3";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FilesystemObjectStore } from "../../src/adapters/embedded/filesystem-object-store.js";
import { openDatabase } from "../../src/adapters/embedded/open-database.js";
import { SqliteJobQueue } from "../../src/adapters/embedded/sqlite-job-queue.js";
import { SqliteJobStore } from "../../src/adapters/embedded/sqlite-job-store.js";
import { ComplianceEngine, type JudgedDetector } from "../../src/compliance/compliance-engine.js";
import { defaultPolicy } from "../../src/compliance/default-policy.js";
import { systemClock } from "../../src/ports/clock.js";
import { type ProcessJobDeps, processJobService } from "../../src/services/process-job.js";
import { WorkerPool } from "../../src/services/worker-pool.js";
import { newJob } from "../contract/job-store-fixtures.js";
import { makePoster } from "../support/posters.js";

/** A detector that never answers, like a model server that accepted the request and hung. */
const STUCK: JudgedDetector = {
  detector: { id: "stuck", version: "1", detect: () => new Promise(() => {}) },
  codes: [],
  rules: [],
};

let dir: string;
let db: Database.Database;
let jobs: SqliteJobStore;
let queue: SqliteJobQueue;
let objects: FilesystemObjectStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "posterguard-stuck-"));
  db = openDatabase(join(dir, "posterguard.db"));
  jobs = new SqliteJobStore(db);
  queue = new SqliteJobQueue(db, { maxReceiveCount: 3, pollIntervalMs: 20 });
  objects = new FilesystemObjectStore(join(dir, "objects"), "posters");
});
afterEach(async () => {
  await queue.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function pendingJob(): Promise<string> {
  const job = newJob("job-stuck");
  await objects.put(job.storage.key, await makePoster(5), "image/jpeg");
  await jobs.createIfAbsent(job);
  await queue.send({
    jobId: job.jobId,
    s3Bucket: job.storage.bucket,
    s3Key: job.storage.key,
    posterHash: job.posterHash,
  });
  return job.jobId;
}

function processor(overrides: Partial<ProcessJobDeps> = {}) {
  return processJobService({
    jobs,
    objects,
    queue,
    engine: new ComplianceEngine([STUCK], jobs, systemClock),
    policyFor: () => defaultPolicy(),
    clock: systemClock,
    log: pino({ level: "silent" }),
    visibilityTimeoutSeconds: 5,
    jobTimeoutMs: 60_000,
    backoff: { baseSeconds: 0, maxSeconds: 0 },
    ...overrides,
  });
}

const receiveOne = async () =>
  (await queue.receive({ maxMessages: 1, visibilityTimeoutSeconds: 5, waitTimeMs: 2000 }))[0];

describe("a job whose checks hang", () => {
  it("fails its attempt with JOB_TIMEOUT after the job timeout and frees the worker for a retry", async () => {
    const jobId = await pendingJob();
    const message = await receiveOne();
    expect(message).toBeDefined();
    const started = performance.now();

    const outcome = await processor({ jobTimeoutMs: 300 }).processMessage(
      message as NonNullable<typeof message>,
    );

    expect(outcome).toBe("retrying");
    expect(performance.now() - started).toBeLessThan(3000);
    expect(await jobs.getJob(jobId)).toMatchObject({ status: "PENDING", error: { code: "JOB_TIMEOUT" } });
  });
});

describe("a worker pool stopping with a job in hand", () => {
  it("gives the job's lease back before its message, so the next worker takes it at once", async () => {
    const jobId = await pendingJob();
    const pool = new WorkerPool(
      queue,
      processor(),
      { concurrency: 1, visibilityTimeoutSeconds: 5, waitTimeMs: 50 },
      pino({ level: "silent" }),
    );
    pool.start();
    await expect.poll(async () => (await jobs.getJob(jobId))?.status, { timeout: 5000 }).toBe("PROCESSING");

    await pool.stop(100);

    expect(await jobs.getJob(jobId)).toMatchObject({ status: "PENDING" });
    const next = await receiveOne();
    expect(next?.body.jobId).toBe(jobId);
    const outcome = await processor({ jobTimeoutMs: 200 }).processMessage(next as NonNullable<typeof next>);
    // Not "busy": the stopped worker's lease no longer stands in the way.
    expect(outcome).toBe("retrying");
  });
});
