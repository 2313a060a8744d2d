import type Database from "better-sqlite3";

export const JOB_STORE_SCHEMA = `
CREATE TABLE IF NOT EXISTS jobs (
  job_id TEXT PRIMARY KEY,
  request_id TEXT,
  poster_hash TEXT NOT NULL,
  policy_version TEXT NOT NULL,
  verdict_key TEXT NOT NULL,
  platform TEXT NOT NULL,
  artwork_type TEXT NOT NULL,
  poster_url TEXT NOT NULL,
  page_url TEXT,
  metadata TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  storage_bucket TEXT NOT NULL,
  storage_key TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  started_at TEXT,
  completed_at TEXT,
  processing_duration_ms INTEGER,
  result TEXT,
  error_code TEXT,
  error_message TEXT,
  lease_token TEXT,
  lease_until TEXT,
  change_seq INTEGER
);
CREATE INDEX IF NOT EXISTS jobs_by_status ON jobs (status, job_id);
CREATE INDEX IF NOT EXISTS jobs_by_platform ON jobs (platform, job_id);
CREATE INDEX IF NOT EXISTS jobs_by_poster ON jobs (poster_hash, job_id);

-- One row per (poster, verdict key): the conditional write that makes creation atomic,
-- and the index of verdicts by (poster hash, policy version).
CREATE TABLE IF NOT EXISTS poster_heads (
  poster_hash TEXT NOT NULL,
  verdict_key TEXT NOT NULL,
  job_id TEXT NOT NULL REFERENCES jobs (job_id),
  PRIMARY KEY (poster_hash, verdict_key)
);

CREATE TABLE IF NOT EXISTS sightings (
  poster_hash TEXT NOT NULL,
  platform TEXT NOT NULL,
  poster_url TEXT NOT NULL,
  page_url TEXT NOT NULL DEFAULT '',
  first_seen_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  times_seen INTEGER NOT NULL,
  PRIMARY KEY (poster_hash, platform, poster_url, page_url)
);

CREATE TABLE IF NOT EXISTS observations (
  poster_hash TEXT NOT NULL,
  detector TEXT NOT NULL,
  version TEXT NOT NULL,
  duration_ms REAL NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (poster_hash, detector, version)
);

CREATE TABLE IF NOT EXISTS url_validators (
  url TEXT PRIMARY KEY,
  poster_hash TEXT NOT NULL,
  storage_key TEXT NOT NULL,
  etag TEXT,
  last_modified TEXT
);

CREATE TABLE IF NOT EXISTS request_responses (
  request_id TEXT PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  status_code INTEGER NOT NULL,
  body TEXT NOT NULL
);
`;

/**
 * The change feed's position of each job: a sequence number that every visible write sets to
 * one more than the largest in the table. SQLite runs one writer at a time, so a number is never
 * handed out twice and a reader never sees a larger one before a smaller one is committed; a
 * timestamp chosen by the caller (who may wait seconds for the write lock) could not promise that.
 */
export const NEXT_CHANGE_SEQ = "(SELECT coalesce(max(change_seq), 0) + 1 FROM jobs)";

/**
 * Brings a database written before the change feed up to date, once: adds `change_seq`,
 * numbers the existing jobs in the order of their last update, and indexes it. Runs in an
 * immediate transaction, so two processes opening the same file do it once between them.
 */
export function migrateChangeFeed(db: Database.Database): void {
  const hasColumn = () =>
    db
      .prepare<[], { name: string }>("SELECT name FROM pragma_table_info('jobs')")
      .all()
      .some((column) => column.name === "change_seq");
  const unnumbered = () =>
    db.prepare("SELECT 1 FROM jobs WHERE change_seq IS NULL LIMIT 1").get() !== undefined;
  const indexed = () =>
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'jobs_by_change'").get() !==
    undefined;
  if (hasColumn() && indexed() && !unnumbered()) return;
  db.transaction(() => {
    if (!hasColumn()) db.exec("ALTER TABLE jobs ADD COLUMN change_seq INTEGER");
    db.exec("CREATE UNIQUE INDEX IF NOT EXISTS jobs_by_change ON jobs (change_seq)");
    db.exec(`UPDATE jobs SET change_seq = numbered.seq FROM (
        SELECT job_id, (SELECT coalesce(max(change_seq), 0) FROM jobs)
          + row_number() OVER (ORDER BY updated_at, created_at, job_id) AS seq
        FROM jobs WHERE change_seq IS NULL
      ) numbered WHERE jobs.job_id = numbered.job_id`);
  }).immediate();
}
