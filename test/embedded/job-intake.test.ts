import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/adapters/embedded/open-database.js";
import { SqliteJobIntake } from "../../src/adapters/embedded/sqlite-job-intake.js";
import { SqliteJobQueue } from "../../src/adapters/embedded/sqlite-job-queue.js";
import { SqliteJobStore } from "../../src/adapters/embedded/sqlite-job-store.js";
import { messageOf } from "../../src/ports/job-intake.js";
import { HASH, newJob } from "../contract/job-store-fixtures.js";

let dir: string;
let db: Database.Database;
let jobs: SqliteJobStore;
let queue: SqliteJobQueue;
let intake: SqliteJobIntake;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "posterguard-intake-"));
  db = openDatabase(join(dir, "posterguard.db"));
  jobs = new SqliteJobStore(db);
  queue = new SqliteJobQueue(db);
  intake = new SqliteJobIntake(db, jobs, queue);
});
afterEach(async () => {
  await queue.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const lease = { maxMessages: 10, visibilityTimeoutSeconds: 30, waitTimeMs: 0 };

describe("SqliteJobIntake: a job and its message as one write", () => {
  it("writes a new job with its message, and nothing more for a poster already in flight", async () => {
    const first = await intake.createAndEnqueue(newJob("job-1"), messageOf);
    const again = await intake.createAndEnqueue(newJob("job-2"), messageOf);

    expect(first).toMatchObject({ created: true, job: { jobId: "job-1", status: "PENDING" } });
    expect(again).toMatchObject({ created: false, job: { jobId: "job-1" } });
    const messages = await queue.receive(lease);
    expect(messages.map((m) => m.body)).toEqual([
      { jobId: "job-1", s3Bucket: "b", s3Key: newJob("job-1").storage.key, posterHash: HASH },
    ]);
  });

  it("leaves no job behind when the message cannot be written, so a retry starts clean", async () => {
    db.exec(`CREATE TRIGGER refuse_messages BEFORE INSERT ON queue_messages
             BEGIN SELECT RAISE(ABORT, 'disk full'); END`);

    await expect(intake.createAndEnqueue(newJob("job-1"), messageOf)).rejects.toThrow(/disk full/);
    expect(await jobs.getJob("job-1")).toBeUndefined();
    expect(await jobs.findCurrentForPoster(HASH, "v1")).toBeUndefined();

    db.exec("DROP TRIGGER refuse_messages");
    expect(await intake.createAndEnqueue(newJob("job-2"), messageOf)).toMatchObject({ created: true });
    expect((await queue.receive(lease)).map((m) => m.body.jobId)).toEqual(["job-2"]);
  });
});
