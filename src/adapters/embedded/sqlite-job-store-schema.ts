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
  lease_until TEXT
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
