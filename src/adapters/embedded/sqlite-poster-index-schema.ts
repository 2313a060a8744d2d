/**
 * The gallery's index: one row per poster, with child rows per platform and per violation code
 * that repeat the sort key and the filtered columns (status, review state, severity), so a
 * filter on a platform or a code reads its own index in gallery order and stops after one page,
 * and counts never touch the wide poster rows. Titles are searched by word prefix through FTS5
 * (case- and accent-insensitive, with prefix indexes for 2 and 3 letters).
 */
export const POSTER_INDEX_SCHEMA = `
CREATE TABLE IF NOT EXISTS poster_index (
  id INTEGER PRIMARY KEY,
  poster_hash TEXT NOT NULL UNIQUE,
  sort_key TEXT NOT NULL,
  title TEXT,
  platforms TEXT NOT NULL,
  artwork_type TEXT NOT NULL,
  job_status TEXT NOT NULL,
  status TEXT NOT NULL,
  codes TEXT NOT NULL,
  max_severity INTEGER NOT NULL DEFAULT 0,
  review_state TEXT NOT NULL,
  human_verdict TEXT,
  reviewed_by TEXT,
  reviewed_at TEXT,
  policy_version TEXT NOT NULL,
  storage_key TEXT NOT NULL,
  thumbnail_key TEXT,
  first_seen_at TEXT,
  last_seen_at TEXT,
  checked_at TEXT,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS poster_index_by_sort ON poster_index (sort_key);
CREATE INDEX IF NOT EXISTS poster_index_by_status ON poster_index (status, sort_key);
CREATE INDEX IF NOT EXISTS poster_index_by_status_review ON poster_index (status, review_state, sort_key);
CREATE INDEX IF NOT EXISTS poster_index_by_review ON poster_index (review_state, sort_key);
CREATE INDEX IF NOT EXISTS poster_index_by_severity ON poster_index (max_severity, sort_key);

CREATE TABLE IF NOT EXISTS poster_index_platforms (
  platform TEXT NOT NULL,
  sort_key TEXT NOT NULL,
  poster_id INTEGER NOT NULL,
  status TEXT NOT NULL,
  review_state TEXT NOT NULL,
  max_severity INTEGER NOT NULL,
  PRIMARY KEY (platform, sort_key, poster_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS poster_index_platforms_by_poster ON poster_index_platforms (poster_id);

CREATE TABLE IF NOT EXISTS poster_index_codes (
  code TEXT NOT NULL,
  sort_key TEXT NOT NULL,
  poster_id INTEGER NOT NULL,
  severity INTEGER NOT NULL,
  status TEXT NOT NULL,
  review_state TEXT NOT NULL,
  max_severity INTEGER NOT NULL,
  PRIMARY KEY (code, sort_key, poster_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS poster_index_codes_by_poster ON poster_index_codes (poster_id);

CREATE VIRTUAL TABLE IF NOT EXISTS poster_index_titles USING fts5(
  title, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);

-- Small settings of the index itself, such as where it stands in the job store's change feed.
CREATE TABLE IF NOT EXISTS poster_index_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;
