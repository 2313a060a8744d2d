import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Database from "better-sqlite3";
import { afterAll, beforeAll } from "vitest";
import { openDatabase } from "../../src/adapters/embedded/open-database.js";
import { SqliteJobQueue } from "../../src/adapters/embedded/sqlite-job-queue.js";
import { describeJobQueueContract } from "./job-queue.contract.js";

let dir: string;
const databases: Database.Database[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "posterguard-queue-contract-"));
});

afterAll(() => {
  for (const db of databases) db.close();
  rmSync(dir, { recursive: true, force: true });
});

describeJobQueueContract("SqliteJobQueue", {
  async openQueue() {
    const db = openDatabase(join(dir, `queue-${databases.length}.db`));
    databases.push(db);
    return new SqliteJobQueue(db, { maxReceiveCount: 3 });
  },
});
