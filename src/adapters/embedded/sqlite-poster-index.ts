import type Database from "better-sqlite3";
import { decodeCursor, encodeCursor } from "../../domain/cursor.js";
import type { JobStatus } from "../../domain/job.js";
import { SEVERITIES, type Severity, type ViolationCode } from "../../domain/violation.js";
import {
  type GalleryFilter,
  type GalleryPage,
  type GalleryQuery,
  type IndexedViolation,
  type IndexStats,
  type PosterIndex,
  type PosterIndexEntry,
  REVIEW_STATES,
  type ReviewState,
  VERDICT_STATUSES,
  type VerdictStatus,
} from "../../ports/poster-index.js";
import { POSTER_INDEX_SCHEMA } from "./sqlite-poster-index-schema.js";

interface IndexRow {
  id: number;
  poster_hash: string;
  sort_key: string;
  title: string | null;
  platforms: string;
  artwork_type: string;
  job_status: string;
  status: string;
  codes: string;
  max_severity: number;
  review_state: string;
  human_verdict: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  policy_version: string;
  storage_key: string;
  thumbnail_key: string | null;
  first_seen_at: string | null;
  last_seen_at: string | null;
  checked_at: string | null;
  updated_at: string;
}

/** Title searches matching fewer posters than this are read from the title index first. */
const TITLE_DRIVES_BELOW = 2000;

/** The meta key of the index's place in the job store's change feed. */
const CHANGE_WATERMARK_KEY = "job-change-watermark";

/** 0 for no violation, 1 (LOW) to 4 (CRITICAL). */
export function severityRank(severity: Severity | undefined): number {
  return severity ? SEVERITIES.indexOf(severity) + 1 : 0;
}

/** The poster index in SQLite (see the schema for how filters stay fast). */
export class SqlitePosterIndex implements PosterIndex {
  private readonly statements;
  private readonly writeTransaction;
  private readonly writeManyTransaction;

  constructor(private readonly db: Database.Database) {
    db.exec(POSTER_INDEX_SCHEMA);
    this.writeTransaction = db.transaction((entry: PosterIndexEntry) => this.writeEntry(entry));
    this.writeManyTransaction = db.transaction((entries: PosterIndexEntry[]) => {
      let written = 0;
      for (const entry of entries) if (this.writeEntry(entry)) written += 1;
      return written;
    });
    this.statements = {
      existing: db.prepare<[string], { id: number; updated_at: string; title: string | null }>(
        "SELECT id, updated_at, title FROM poster_index WHERE poster_hash = ?",
      ),
      byHash: db.prepare<[string], IndexRow>("SELECT * FROM poster_index WHERE poster_hash = ?"),
      insert: db.prepare(
        `INSERT INTO poster_index (poster_hash, sort_key, title, platforms, artwork_type, job_status, status,
           codes, max_severity, review_state, human_verdict, reviewed_by, reviewed_at, policy_version,
           storage_key, thumbnail_key, first_seen_at, last_seen_at, checked_at, updated_at)
         VALUES (@posterHash, @sortKey, @title, @platforms, @artworkType, @jobStatus, @status, @codes,
           @maxSeverity, @reviewState, @humanVerdict, @reviewedBy, @reviewedAt, @policyVersion, @storageKey,
           @thumbnailKey, @firstSeenAt, @lastSeenAt, @checkedAt, @updatedAt)`,
      ),
      update: db.prepare(
        `UPDATE poster_index SET sort_key = @sortKey, title = @title, platforms = @platforms,
           artwork_type = @artworkType, job_status = @jobStatus, status = @status, codes = @codes,
           max_severity = @maxSeverity, review_state = @reviewState, human_verdict = @humanVerdict,
           reviewed_by = @reviewedBy, reviewed_at = @reviewedAt, policy_version = @policyVersion,
           storage_key = @storageKey, thumbnail_key = coalesce(@thumbnailKey, thumbnail_key),
           first_seen_at = @firstSeenAt, last_seen_at = @lastSeenAt, checked_at = @checkedAt,
           updated_at = @updatedAt
         WHERE id = @id`,
      ),
      deletePlatforms: db.prepare("DELETE FROM poster_index_platforms WHERE poster_id = ?"),
      deleteCodes: db.prepare("DELETE FROM poster_index_codes WHERE poster_id = ?"),
      deleteTitle: db.prepare("DELETE FROM poster_index_titles WHERE rowid = ?"),
      insertPlatform: db.prepare(
        `INSERT OR IGNORE INTO poster_index_platforms (platform, sort_key, poster_id, status, review_state, max_severity)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      insertCode: db.prepare(
        `INSERT OR IGNORE INTO poster_index_codes (code, sort_key, poster_id, severity, status, review_state,
           max_severity) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertTitle: db.prepare("INSERT INTO poster_index_titles (rowid, title) VALUES (?, ?)"),
      size: db.prepare<[], { n: number }>("SELECT count(*) AS n FROM poster_index"),
      meta: db.prepare<[string], { value: string }>("SELECT value FROM poster_index_meta WHERE key = ?"),
      setMeta: db.prepare(
        `INSERT INTO poster_index_meta (key, value) VALUES (?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      ),
      titleCount: db.prepare<[string], { n: number }>(
        "SELECT count(*) AS n FROM poster_index_titles WHERE poster_index_titles MATCH ?",
      ),
      titleProbe: db.prepare<[string], { n: number }>(
        `SELECT count(*) AS n FROM (SELECT rowid FROM poster_index_titles WHERE poster_index_titles MATCH ?
         LIMIT ${TITLE_DRIVES_BELOW})`,
      ),
      platforms: db.prepare<[], { platform: string }>(
        "SELECT DISTINCT platform FROM poster_index_platforms ORDER BY platform",
      ),
      byStatusAndReview: db.prepare<[], { status: string; review_state: string; n: number }>(
        "SELECT status, review_state, count(*) AS n FROM poster_index GROUP BY status, review_state",
      ),
      byPlatform: db.prepare<
        [],
        { platform: string; n: number; compliant: number; violating: number; pending: number; failed: number }
      >(
        `SELECT platform, count(*) AS n,
           sum(status = 'compliant') AS compliant, sum(status = 'violating') AS violating,
           sum(status = 'pending') AS pending, sum(status = 'failed') AS failed
         FROM poster_index_platforms GROUP BY platform ORDER BY n DESC, platform`,
      ),
      byCode: db.prepare<[], { code: string; n: number; severity: number }>(
        `SELECT code, count(*) AS n, max(severity) AS severity FROM poster_index_codes
         GROUP BY code ORDER BY n DESC, code`,
      ),
    };
  }

  private readonly writeEntry = (entry: PosterIndexEntry): boolean => {
    const existing = this.statements.existing.get(entry.posterHash);
    if (existing && existing.updated_at > entry.updatedAt) return false;
    const params = rowParams(entry);
    let id: number;
    if (existing) {
      id = existing.id;
      this.statements.update.run({ ...params, id });
      this.statements.deletePlatforms.run(id);
      this.statements.deleteCodes.run(id);
    } else {
      id = Number(this.statements.insert.run(params).lastInsertRowid);
    }
    const { sortKey, status, reviewState, maxSeverity } = params;
    for (const platform of entry.platforms) {
      this.statements.insertPlatform.run(platform, sortKey, id, status, reviewState, maxSeverity);
    }
    for (const violation of entry.violations) {
      const severity = severityRank(violation.severity);
      this.statements.insertCode.run(violation.code, sortKey, id, severity, status, reviewState, maxSeverity);
    }
    if (!existing || existing.title !== params.title) {
      if (existing) this.statements.deleteTitle.run(id);
      if (params.title) this.statements.insertTitle.run(id, params.title);
    }
    return true;
  };

  async upsert(entry: PosterIndexEntry): Promise<boolean> {
    return this.writeTransaction.immediate(entry);
  }

  /** Many entries in one transaction (rebuilds, benchmarks); returns how many were written. */
  async upsertMany(entries: PosterIndexEntry[]): Promise<number> {
    return this.writeManyTransaction.immediate(entries);
  }

  async get(posterHash: string): Promise<PosterIndexEntry | undefined> {
    const row = this.statements.byHash.get(posterHash);
    return row ? entryFromRow(row) : undefined;
  }

  async search(query: GalleryQuery): Promise<GalleryPage> {
    const limit = Math.max(1, Math.trunc(query.limit));
    const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const { from, where, params, sortColumn, idColumn } = buildQuery(
      query,
      cursor,
      this.titleDrives(query.q),
    );
    // First the page's ids from one index, then only those rows: the wide rows of posters
    // that do not make the page are never read.
    const keys = this.db
      .prepare<unknown[], { id: number; sort_key: string }>(
        `SELECT ${idColumn} AS id, ${sortColumn} AS sort_key FROM ${from} ${where}
         ORDER BY ${sortColumn} DESC LIMIT ${limit + 1}`,
      )
      .all(...params);
    const shown = keys.slice(0, limit);
    const rows = shown.length
      ? this.db
          .prepare<number[], IndexRow>(
            `SELECT * FROM poster_index WHERE id IN (${shown.map(() => "?").join(",")})`,
          )
          .all(...shown.map((k) => k.id))
      : [];
    const byId = new Map(rows.map((row) => [row.id, row]));
    const items = shown.flatMap((k) => {
      const row = byId.get(k.id);
      return row ? [entryFromRow(row)] : [];
    });
    const last = keys.length > limit ? shown.at(-1) : undefined;
    return last ? { items, nextCursor: encodeCursor(last.sort_key) } : { items };
  }

  async count(filter: GalleryFilter): Promise<number> {
    const match = titleMatch(filter.q);
    const onlyTitle =
      match && !filter.code && !filter.platform && !filter.status && !filter.minSeverity && !filter.reviewed;
    if (onlyTitle) return this.statements.titleCount.get(match)?.n ?? 0;
    const { from, where, params } = buildQuery(filter, undefined, this.titleDrives(filter.q));
    const row = this.db
      .prepare<unknown[], { n: number }>(`SELECT count(*) AS n FROM ${from} ${where}`)
      .get(...params);
    return row?.n ?? 0;
  }

  /**
   * A title search that matches few posters is answered from the title index; one that
   * matches many is answered in gallery order, checking each poster against the matches.
   */
  private titleDrives(q: string | undefined): boolean {
    const match = titleMatch(q);
    if (!match) return false;
    return (this.statements.titleProbe.get(match)?.n ?? 0) < TITLE_DRIVES_BELOW;
  }

  async stats(): Promise<IndexStats> {
    const byStatus = Object.fromEntries(VERDICT_STATUSES.map((s) => [s, 0])) as Record<VerdictStatus, number>;
    const byReview = Object.fromEntries(REVIEW_STATES.map((s) => [s, 0])) as Record<ReviewState, number>;
    for (const { status, review_state, n } of this.statements.byStatusAndReview.all()) {
      byStatus[status as VerdictStatus] += n;
      byReview[review_state as ReviewState] += n;
    }
    return {
      posters: Object.values(byStatus).reduce((sum, n) => sum + n, 0),
      byStatus,
      byReview,
      byPlatform: this.statements.byPlatform.all().map((row) => ({
        platform: row.platform,
        posters: row.n,
        compliant: row.compliant,
        violating: row.violating,
        pending: row.pending,
        failed: row.failed,
      })),
      byCode: this.statements.byCode.all().map((row) => ({
        code: row.code as ViolationCode,
        posters: row.n,
        maxSeverity: SEVERITIES[Math.max(0, row.severity - 1)] as Severity,
      })),
    };
  }

  async platforms(): Promise<string[]> {
    return this.statements.platforms.all().map((row) => row.platform);
  }

  async size(): Promise<number> {
    return this.statements.size.get()?.n ?? 0;
  }

  async getChangeWatermark(): Promise<string | undefined> {
    return this.statements.meta.get(CHANGE_WATERMARK_KEY)?.value;
  }

  async setChangeWatermark(watermark: string): Promise<void> {
    this.statements.setMeta.run(CHANGE_WATERMARK_KEY, watermark);
  }
}

/**
 * Picks the index that returns rows in gallery order for the most selective filter: a code,
 * else a platform, else the poster rows themselves. The child rows carry the filtered columns,
 * so filters and counts are answered from one index; the poster rows are read only for the
 * page returned.
 */
function buildQuery(filter: GalleryFilter, cursor: string | undefined, titleDrives: boolean) {
  const where: string[] = [];
  const params: unknown[] = [];
  let from = "poster_index p";
  let t = "p";
  let id = "p.id";
  if (filter.code || filter.platform) {
    const byCode = filter.code !== undefined;
    from = byCode ? "poster_index_codes d" : "poster_index_platforms d";
    t = "d";
    id = "d.poster_id";
    where.push(byCode ? "d.code = ?" : "d.platform = ?");
    params.push(byCode ? filter.code : filter.platform);
    if (byCode && filter.platform) {
      where.push(
        "EXISTS (SELECT 1 FROM poster_index_platforms x WHERE x.platform = ? AND x.sort_key = d.sort_key AND x.poster_id = d.poster_id)",
      );
      params.push(filter.platform);
    }
  }
  if (filter.status) {
    where.push(`${t}.status = ?`);
    params.push(filter.status);
  }
  if (filter.minSeverity) {
    where.push(`${t}.max_severity >= ?`);
    params.push(severityRank(filter.minSeverity));
  }
  if (filter.reviewed === "yes") where.push(`${t}.review_state IN ('confirmed', 'overturned')`);
  if (filter.reviewed === "no") where.push(`${t}.review_state IN ('unreviewed', 'partial')`);
  if (filter.reviewed === "overturned") where.push(`${t}.review_state = 'overturned'`);
  const match = titleMatch(filter.q);
  if (match) {
    // The unary + keeps SQLite from looking posters up by id when the matches are many.
    where.push(
      `${titleDrives ? "" : "+"}${id} IN (SELECT rowid FROM poster_index_titles WHERE poster_index_titles MATCH ?)`,
    );
    params.push(match);
  }
  if (cursor !== undefined) {
    where.push(`${t}.sort_key < ?`);
    params.push(cursor);
  }
  return {
    from,
    where: where.length ? `WHERE ${where.join(" AND ")}` : "",
    params,
    sortColumn: `${t}.sort_key`,
    idColumn: id,
  };
}

/** Each word of the query must start a word of the title: `night harb` finds "Night Harbor". */
export function titleMatch(q: string | undefined): string | undefined {
  const words = (q ?? "")
    .normalize("NFKC")
    .split(/\s+/)
    .map((w) => w.replace(/["*^:()]/g, "").trim())
    .filter((w) => /[\p{L}\p{N}]/u.test(w))
    .slice(0, 8);
  return words.length ? words.map((w) => `"${w}"*`).join(" ") : undefined;
}

function rowParams(entry: PosterIndexEntry) {
  return {
    posterHash: entry.posterHash,
    sortKey: entry.latestJobId,
    title: entry.title ?? null,
    platforms: JSON.stringify(entry.platforms),
    artworkType: entry.artworkType,
    jobStatus: entry.jobStatus,
    status: entry.status,
    codes: JSON.stringify(entry.violations),
    maxSeverity: severityRank(entry.maxSeverity),
    reviewState: entry.reviewState,
    humanVerdict: entry.humanVerdict ?? null,
    reviewedBy: entry.reviewedBy ?? null,
    reviewedAt: entry.reviewedAt ?? null,
    policyVersion: entry.policyVersion,
    storageKey: entry.storageKey,
    thumbnailKey: entry.thumbnailKey ?? null,
    firstSeenAt: entry.firstSeenAt ?? null,
    lastSeenAt: entry.lastSeenAt ?? null,
    checkedAt: entry.checkedAt ?? null,
    updatedAt: entry.updatedAt,
  };
}

function entryFromRow(row: IndexRow): PosterIndexEntry {
  const entry: PosterIndexEntry = {
    posterHash: row.poster_hash,
    platforms: JSON.parse(row.platforms) as string[],
    artworkType: row.artwork_type,
    jobStatus: row.job_status as JobStatus,
    status: row.status as VerdictStatus,
    violations: JSON.parse(row.codes) as IndexedViolation[],
    reviewState: row.review_state as ReviewState,
    latestJobId: row.sort_key,
    policyVersion: row.policy_version,
    storageKey: row.storage_key,
    updatedAt: row.updated_at,
  };
  if (row.title !== null) entry.title = row.title;
  if (row.max_severity > 0) entry.maxSeverity = SEVERITIES[row.max_severity - 1] as Severity;
  if (row.human_verdict !== null) entry.humanVerdict = row.human_verdict as "compliant" | "violating";
  if (row.reviewed_by !== null) entry.reviewedBy = row.reviewed_by;
  if (row.reviewed_at !== null) entry.reviewedAt = row.reviewed_at;
  if (row.thumbnail_key !== null) entry.thumbnailKey = row.thumbnail_key;
  if (row.first_seen_at !== null) entry.firstSeenAt = row.first_seen_at;
  if (row.last_seen_at !== null) entry.lastSeenAt = row.last_seen_at;
  if (row.checked_at !== null) entry.checkedAt = row.checked_at;
  return entry;
}
