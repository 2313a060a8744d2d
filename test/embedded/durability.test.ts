import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FilesystemObjectStore } from "../../src/adapters/embedded/filesystem-object-store.js";
import { openDatabase } from "../../src/adapters/embedded/open-database.js";
import { SqliteJobIntake } from "../../src/adapters/embedded/sqlite-job-intake.js";
import { SqliteJobQueue } from "../../src/adapters/embedded/sqlite-job-queue.js";
import { SqliteJobStore } from "../../src/adapters/embedded/sqlite-job-store.js";
import { messageOf } from "../../src/ports/job-intake.js";
import { newJob } from "../contract/job-store-fixtures.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "posterguard-durable-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("what a 202 promises on the embedded backend", () => {
  it("syncs the commit of a new job and its message to disk (FULL), and leaves other writes fast", async () => {
    const db = openDatabase(join(dir, "posterguard.db"));
    try {
      const jobs = new SqliteJobStore(db);
      const queue = new SqliteJobQueue(db);
      const intake = new SqliteJobIntake(db, jobs, queue);
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      // 1 = NORMAL: sightings and verdicts survive a crash of the process, not a power loss.
      expect(db.pragma("synchronous", { simple: true })).toBe(1);
      let duringIntake: unknown;
      await intake.createAndEnqueue(newJob("job-1"), (job) => {
        duringIntake = db.pragma("synchronous", { simple: true });
        return messageOf(job);
      });
      // 2 = FULL: the WAL is synced when the job and its message commit.
      expect(duringIntake).toBe(2);
      expect(db.pragma("synchronous", { simple: true })).toBe(1);
      await queue.close();
    } finally {
      db.close();
    }
  });

  it("stores a poster whole under its key and leaves no temporary file beside it", async () => {
    const store = new FilesystemObjectStore(dir, "posters");
    const body = Buffer.alloc(300_000, 7);
    await store.put("posters/netflix/ab/abc.jpg", body, "image/jpeg");
    expect(readFileSync(join(dir, "posters/netflix/ab/abc.jpg")).equals(body)).toBe(true);
    expect(readdirSync(join(dir, "posters/netflix/ab"))).toEqual(["abc.jpg"]);
  });
});
