import type Database from "better-sqlite3";
import { decodeCursor, encodeCursor } from "../../domain/cursor.js";
import type { AuditFilter, AuditPage, ReviewDecision, ReviewStore } from "../../ports/review-store.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS review_decisions (
  decision_id TEXT PRIMARY KEY,
  poster_hash TEXT NOT NULL,
  scope TEXT NOT NULL CHECK (scope IN ('poster', 'violation')),
  code TEXT,
  action TEXT NOT NULL CHECK (action IN ('confirm', 'overturn')),
  note TEXT NOT NULL,
  reviewer_name TEXT NOT NULL,
  reviewer_role TEXT NOT NULL,
  decided_at TEXT NOT NULL,
  machine TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS review_decisions_by_poster ON review_decisions (poster_hash, decision_id);
CREATE INDEX IF NOT EXISTS review_decisions_by_reviewer ON review_decisions (reviewer_name, decision_id);
-- The audit trail is append-only: the database itself refuses edits and deletions.
CREATE TRIGGER IF NOT EXISTS review_decisions_no_update BEFORE UPDATE ON review_decisions
  BEGIN SELECT RAISE(ABORT, 'review decisions are never changed'); END;
CREATE TRIGGER IF NOT EXISTS review_decisions_no_delete BEFORE DELETE ON review_decisions
  BEGIN SELECT RAISE(ABORT, 'review decisions are never deleted'); END;
`;

interface DecisionRow {
  decision_id: string;
  poster_hash: string;
  scope: string;
  code: string | null;
  action: string;
  note: string;
  reviewer_name: string;
  reviewer_role: string;
  decided_at: string;
  machine: string;
}

/** Review decisions in SQLite: one row per decision, never updated. */
export class SqliteReviewStore implements ReviewStore {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
    this.statements = {
      insert: db.prepare(
        `INSERT INTO review_decisions (decision_id, poster_hash, scope, code, action, note, reviewer_name,
           reviewer_role, decided_at, machine)
         VALUES (@decisionId, @posterHash, @scope, @code, @action, @note, @reviewerName, @reviewerRole,
           @decidedAt, @machine)`,
      ),
      forPoster: db.prepare<[string], DecisionRow>(
        "SELECT * FROM review_decisions WHERE poster_hash = ? ORDER BY decision_id",
      ),
      reviewers: db.prepare<[], { reviewer_name: string }>(
        "SELECT DISTINCT reviewer_name FROM review_decisions ORDER BY reviewer_name",
      ),
    };
  }

  async record(decision: ReviewDecision): Promise<void> {
    this.statements.insert.run({
      decisionId: decision.decisionId,
      posterHash: decision.posterHash,
      scope: decision.scope,
      code: decision.code ?? null,
      action: decision.action,
      note: decision.note,
      reviewerName: decision.reviewer.name,
      reviewerRole: decision.reviewer.role,
      decidedAt: decision.decidedAt,
      machine: JSON.stringify(decision.machine),
    });
  }

  async listForPoster(posterHash: string): Promise<ReviewDecision[]> {
    return this.statements.forPoster.all(posterHash).map(decisionFromRow);
  }

  async listAudit(filter: AuditFilter): Promise<AuditPage> {
    const conditions: [string, string | undefined][] = [
      ["poster_hash = ?", filter.posterHash],
      ["reviewer_name = ?", filter.reviewer],
      ["decision_id < ?", filter.cursor === undefined ? undefined : decodeCursor(filter.cursor)],
    ];
    const used = conditions.filter((c): c is [string, string] => c[1] !== undefined);
    const where = used.length ? `WHERE ${used.map(([clause]) => clause).join(" AND ")}` : "";
    const limit = Math.trunc(filter.limit);
    const rows = this.db
      .prepare<string[], DecisionRow>(
        `SELECT * FROM review_decisions ${where} ORDER BY decision_id DESC LIMIT ${limit + 1}`,
      )
      .all(...used.map(([, value]) => value));
    const items = rows.slice(0, limit).map(decisionFromRow);
    const last = items.at(-1);
    return rows.length > limit && last ? { items, nextCursor: encodeCursor(last.decisionId) } : { items };
  }

  async reviewers(): Promise<string[]> {
    return this.statements.reviewers.all().map((row) => row.reviewer_name);
  }
}

function decisionFromRow(row: DecisionRow): ReviewDecision {
  const decision: ReviewDecision = {
    decisionId: row.decision_id,
    posterHash: row.poster_hash,
    scope: row.scope as ReviewDecision["scope"],
    action: row.action as ReviewDecision["action"],
    note: row.note,
    reviewer: { name: row.reviewer_name, role: row.reviewer_role },
    decidedAt: row.decided_at,
    machine: JSON.parse(row.machine) as ReviewDecision["machine"],
  };
  if (row.code !== null) decision.code = row.code as ReviewDecision["code"];
  return decision;
}
