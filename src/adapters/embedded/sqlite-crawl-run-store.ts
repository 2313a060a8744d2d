import type Database from "better-sqlite3";
import { decodeCursor, encodeCursor } from "../../domain/cursor.js";
import type {
  CrawlRun,
  CrawlRunFilter,
  CrawlRunPage,
  CrawlRunStore,
  CrawlRunSummary,
} from "../../ports/crawl-run-store.js";

/** Run records (the poster list kept as JSON) and one lease row per platform; times in ms since the epoch. */
const CRAWL_SCHEMA = `
CREATE TABLE IF NOT EXISTS crawl_runs (
  run_id     TEXT    NOT NULL PRIMARY KEY,
  platform   TEXT    NOT NULL,
  status     TEXT    NOT NULL,
  started_at TEXT    NOT NULL,
  summary    TEXT    NOT NULL,
  posters    TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS crawl_runs_by_platform ON crawl_runs (platform, run_id);
CREATE INDEX IF NOT EXISTS crawl_runs_by_status ON crawl_runs (status);

CREATE TABLE IF NOT EXISTS crawl_leases (
  platform   TEXT    NOT NULL PRIMARY KEY,
  holder     TEXT    NOT NULL,
  expires_at INTEGER NOT NULL
);
`;

interface RunRow {
  summary: string;
  posters: string;
}

/** The crawl run store in the embedded SQLite database; the database belongs to the caller. */
export class SqliteCrawlRunStore implements CrawlRunStore {
  readonly #db: Database.Database;
  readonly #statements: ReturnType<typeof prepareStatements>;

  constructor(db: Database.Database) {
    db.exec(CRAWL_SCHEMA);
    this.#db = db;
    this.#statements = prepareStatements(db);
  }

  async save(run: CrawlRun): Promise<void> {
    this.#write(run);
  }

  #write(run: CrawlRun): void {
    const { posters, ...summary } = run;
    this.#statements.upsertRun.run({
      run_id: run.runId,
      platform: run.platform,
      status: run.status,
      started_at: run.startedAt,
      summary: JSON.stringify(summary),
      posters: JSON.stringify(posters),
    });
  }

  async get(runId: string): Promise<CrawlRun | undefined> {
    const row = this.#statements.getRun.get(runId) as RunRow | undefined;
    if (!row) return undefined;
    return { ...(JSON.parse(row.summary) as CrawlRunSummary), posters: JSON.parse(row.posters) };
  }

  async list(filter: CrawlRunFilter): Promise<CrawlRunPage> {
    const conditions: string[] = [];
    const params: string[] = [];
    if (filter.platform) {
      conditions.push("platform = ?");
      params.push(filter.platform);
    }
    if (filter.cursor !== undefined) {
      conditions.push("run_id < ?");
      params.push(decodeCursor(filter.cursor));
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(" AND ")}` : "";
    const rows = this.#db
      .prepare(`SELECT summary FROM crawl_runs ${where} ORDER BY run_id DESC LIMIT ?`)
      .all(...params, filter.limit + 1) as { summary: string }[];
    const items = rows.slice(0, filter.limit).map((r) => JSON.parse(r.summary) as CrawlRunSummary);
    const last = items.at(-1);
    return rows.length > filter.limit && last ? { items, nextCursor: encodeCursor(last.runId) } : { items };
  }

  async lastRun(platform: string): Promise<CrawlRunSummary | undefined> {
    const row = this.#statements.lastRun.get(platform) as { summary: string } | undefined;
    return row ? (JSON.parse(row.summary) as CrawlRunSummary) : undefined;
  }

  async acquireLease(platform: string, holder: string, until: Date, now: Date): Promise<boolean> {
    const result = this.#statements.acquireLease.run({
      platform,
      holder,
      expires_at: until.getTime(),
      now: now.getTime(),
    });
    return result.changes === 1;
  }

  async renewLease(platform: string, holder: string, until: Date): Promise<boolean> {
    return this.#statements.renewLease.run(until.getTime(), platform, holder).changes === 1;
  }

  async releaseLease(platform: string, holder: string): Promise<void> {
    this.#statements.releaseLease.run(platform, holder);
  }

  async markInterrupted(now: Date): Promise<number> {
    const stale = this.#statements.staleRuns.all(now.getTime()) as RunRow[];
    const finishedAt = now.toISOString();
    const update = this.#db.transaction(() => {
      for (const row of stale) {
        const summary = JSON.parse(row.summary) as CrawlRunSummary;
        const run: CrawlRun = {
          ...summary,
          status: "INTERRUPTED",
          finishedAt,
          posters: JSON.parse(row.posters),
        };
        run.errors = [
          ...run.errors,
          {
            kind: "run",
            url: run.startUrls[0] ?? "",
            code: "INTERRUPTED",
            reason: "the process running this crawl stopped before it finished",
            at: finishedAt,
          },
        ];
        run.counts = { ...run.counts, errors: run.errors.length };
        this.#write(run);
      }
    });
    update();
    return stale.length;
  }

  async close(): Promise<void> {}
}

function prepareStatements(db: Database.Database) {
  return {
    upsertRun: db.prepare(
      `INSERT INTO crawl_runs (run_id, platform, status, started_at, summary, posters)
       VALUES (@run_id, @platform, @status, @started_at, @summary, @posters)
       ON CONFLICT (run_id) DO UPDATE SET status = excluded.status, summary = excluded.summary,
         posters = excluded.posters`,
    ),
    getRun: db.prepare("SELECT summary, posters FROM crawl_runs WHERE run_id = ?"),
    lastRun: db.prepare(
      "SELECT summary FROM crawl_runs WHERE platform = ? ORDER BY started_at DESC, run_id DESC LIMIT 1",
    ),
    // The conditional upsert is the lock: it writes only when no live lease of another holder exists.
    acquireLease: db.prepare(
      `INSERT INTO crawl_leases (platform, holder, expires_at) VALUES (@platform, @holder, @expires_at)
       ON CONFLICT (platform) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE crawl_leases.expires_at <= @now OR crawl_leases.holder = excluded.holder`,
    ),
    renewLease: db.prepare("UPDATE crawl_leases SET expires_at = ? WHERE platform = ? AND holder = ?"),
    releaseLease: db.prepare("DELETE FROM crawl_leases WHERE platform = ? AND holder = ?"),
    staleRuns: db.prepare(
      `SELECT summary, posters FROM crawl_runs WHERE status = 'RUNNING' AND platform NOT IN
         (SELECT platform FROM crawl_leases WHERE expires_at > ?)`,
    ),
  };
}
