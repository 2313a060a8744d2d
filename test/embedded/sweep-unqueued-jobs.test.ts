import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Database from "better-sqlite3";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/adapters/embedded/open-database.js";
import { SqliteJobIntake } from "../../src/adapters/embedded/sqlite-job-intake.js";
import { SqliteJobQueue } from "../../src/adapters/embedded/sqlite-job-queue.js";
import { SqliteJobStore } from "../../src/adapters/embedded/sqlite-job-store.js";
import { messageOf } from "../../src/ports/job-intake.js";
import { sweepUnqueuedJobs } from "../../src/services/sweep-unqueued-jobs.js";
import { newJob, posterHash } from "../contract/job-store-fixtures.js";

let dir: string;
let db: Database.Database;
let jobs: SqliteJobStore;
let queue: SqliteJobQueue;
const now = new Date("2026-01-01T01:00:00.000Z");
const deps = () => ({ jobs, queue, clock: { now: () => now }, log: pino({ level: "silent" }) });
const settings = { minAgeSeconds: 300, limit: 100 };
const lease = { maxMessages: 10, visibilityTimeoutSeconds: 30, waitTimeMs: 0 };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "posterguard-sweep-"));
  db = openDatabase(join(dir, "posterguard.db"));
  jobs = new SqliteJobStore(db);
  queue = new SqliteJobQueue(db);
});
afterEach(async () => {
  await queue.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("sweeping jobs left without a message", () => {
  it("re-enqueues a job whose queue row was corrupt and set aside, once the queue is empty", async () => {
    const intake = new SqliteJobIntake(db, jobs, queue);
    await intake.createAndEnqueue(newJob("job-1", { createdAt: "2026-01-01T00:00:00.000Z" }), messageOf);
    db.prepare("UPDATE queue_messages SET body = '{corrupt'").run();
    expect(await queue.receive(lease)).toEqual([]);

    expect(await sweepUnqueuedJobs(deps(), settings)).toEqual({ requeued: ["job-1"] });
    expect((await queue.receive(lease)).map((m) => m.body.jobId)).toEqual(["job-1"]);
  });

  it("leaves PENDING jobs alone while the queue holds a message, and young ones always", async () => {
    await jobs.createIfAbsent(
      newJob("old", { posterHash: posterHash("1"), createdAt: "2026-01-01T00:00:00.000Z" }),
    );
    await jobs.createIfAbsent(
      newJob("young", { posterHash: posterHash("2"), createdAt: "2026-01-01T00:58:00.000Z" }),
    );
    await queue.send(
      messageOf((await jobs.getJob("young")) as NonNullable<Awaited<ReturnType<typeof jobs.getJob>>>),
    );

    expect(await sweepUnqueuedJobs(deps(), settings)).toMatchObject({
      requeued: [],
      skipped: expect.any(String),
    });
    await queue.delete((await queue.receive(lease))[0]?.receiptHandle ?? "");
    expect(await sweepUnqueuedJobs(deps(), settings)).toEqual({ requeued: ["old"] });
  });
});
