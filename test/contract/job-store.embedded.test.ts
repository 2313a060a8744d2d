import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/adapters/embedded/open-database.js";
import { SqliteJobStore } from "../../src/adapters/embedded/sqlite-job-store.js";
import { JOB_STORE_SCHEMA } from "../../src/adapters/embedded/sqlite-job-store-schema.js";
import { describeJobStoreContract } from "./job-store.contract.js";
import { at, jobId, newJob, posterHash } from "./job-store-fixtures.js";

describeJobStoreContract("SqliteJobStore", async () => {
  const dir = mkdtempSync(join(tmpdir(), "posterguard-store-"));
  const db = openDatabase(join(dir, "jobs.db"));
  const store = new SqliteJobStore(db);
  return {
    store,
    async close() {
      await store.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe("SqliteJobStore's change feed beyond the contract", () => {
  let dir: string;
  const opened: Database.Database[] = [];
  const open = () => {
    const db = openDatabase(join(dir, "jobs.db"));
    opened.push(db);
    return db;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "posterguard-feed-"));
  });
  afterEach(() => {
    for (const db of opened.splice(0)) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("numbers the jobs of a database from before the feed by their last update, once", async () => {
    const old = open();
    old.exec(JOB_STORE_SCHEMA.replace(/,\s*change_seq INTEGER/, ""));
    expect(old.prepare("SELECT name FROM pragma_table_info('jobs')").all()).not.toContainEqual({
      name: "change_seq",
    });
    const insert = old.prepare(
      `INSERT INTO jobs (job_id, poster_hash, policy_version, verdict_key, platform, artwork_type, poster_url,
         metadata, status, storage_bucket, storage_key, created_at, updated_at)
       VALUES (?, ?, 'v1', 'v1', 'streamflix', 'poster', 'https://img.example/p.jpg', '{}', ?, 'b', 'k', ?, ?)`,
    );
    insert.run(jobId(1), posterHash("1"), "COMPLETED", at(0), at(30));
    insert.run(jobId(2), posterHash("2"), "PENDING", at(10), at(10));
    insert.run(jobId(3), posterHash("3"), "FAILED", at(5), at(20));

    const store = new SqliteJobStore(old);
    const first = await store.listChangedSince(undefined, 10);
    expect(first.items.map((j) => [j.jobId, j.status])).toEqual([
      [jobId(2), "PENDING"],
      [jobId(3), "FAILED"],
      [jobId(1), "COMPLETED"],
    ]);

    // A second process opening the file changes nothing; a new change comes after the old ones.
    const other = new SqliteJobStore(open());
    expect(await other.listChangedSince(undefined, 10)).toEqual(first);
    await other.startProcessing(jobId(2), "t", at(90), at(40));
    const next = await store.listChangedSince(first.next, 10);
    expect(next.items.map((j) => [j.jobId, j.status])).toEqual([[jobId(2), "PROCESSING"]]);
  });

  it("hands out one sequence across connections to one file, whichever writes", async () => {
    const a = new SqliteJobStore(open());
    const b = new SqliteJobStore(open());
    await a.createIfAbsent(newJob(jobId(1), { posterHash: posterHash("1") }));
    await b.createIfAbsent(newJob(jobId(2), { posterHash: posterHash("2") }));
    await a.startProcessing(jobId(2), "t", at(90), at(1));
    await b.startProcessing(jobId(1), "t", at(90), at(2));
    const seen = await b.listChangedSince(undefined, 1);
    expect(seen.items.map((j) => j.jobId)).toEqual([jobId(2)]);
    const rest = await a.listChangedSince(seen.next, 10);
    expect(rest.items.map((j) => [j.jobId, j.status])).toEqual([[jobId(1), "PROCESSING"]]);
  });
});
