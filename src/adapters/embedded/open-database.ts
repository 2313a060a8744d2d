import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";

/**
 * Opens the embedded SQLite file in WAL mode, shared by the job store and the queue. Every
 * commit reaches the disk before it returns (`synchronous = FULL`): a `202` names a job and a
 * message that survive a power loss, not only a crash of the process.
 */
export function openDatabase(file: string): Database.Database {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("busy_timeout = 5000");
  db.pragma("foreign_keys = ON");
  return db;
}
