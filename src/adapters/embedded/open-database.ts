import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";

/**
 * Opens the embedded SQLite file in WAL mode, shared by the job store and the queue. Commits
 * survive a crash of the process (`synchronous = NORMAL`); the writes a `202` stands on (a new
 * job and its message) are also made to survive a power loss, see `SqliteJobIntake`.
 */
export function openDatabase(file: string): Database.Database {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  db.pragma("foreign_keys = ON");
  return db;
}
