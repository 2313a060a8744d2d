import type Database from "better-sqlite3";

/**
 * Tables of the embedded queue. Several named queues share them (column `queue`),
 * and they live beside the job store's tables in the same database file.
 * Times are milliseconds since the epoch.
 */
const QUEUE_SCHEMA = `
CREATE TABLE IF NOT EXISTS queue_messages (
  message_id     TEXT    NOT NULL PRIMARY KEY,
  queue          TEXT    NOT NULL,
  body           TEXT    NOT NULL,
  sent_at        INTEGER NOT NULL,
  visible_at     INTEGER NOT NULL,
  receive_count  INTEGER NOT NULL DEFAULT 0,
  receipt_handle TEXT
);
CREATE INDEX IF NOT EXISTS queue_messages_by_visibility
  ON queue_messages (queue, visible_at, message_id);
CREATE UNIQUE INDEX IF NOT EXISTS queue_messages_by_receipt
  ON queue_messages (receipt_handle);

CREATE TABLE IF NOT EXISTS queue_dead_letters (
  message_id       TEXT    NOT NULL PRIMARY KEY,
  queue            TEXT    NOT NULL,
  body             TEXT    NOT NULL,
  sent_at          INTEGER NOT NULL,
  receive_count    INTEGER NOT NULL,
  dead_lettered_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS queue_dead_letters_by_age
  ON queue_dead_letters (queue, dead_lettered_at, message_id);
`;

export function createQueueSchema(db: Database.Database): void {
  db.exec(QUEUE_SCHEMA);
}
