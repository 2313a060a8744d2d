import type { Severity, ViolationCode } from "../domain/violation.js";

/** A decision covers one violation of a verdict, or the verdict of the whole poster. */
export type ReviewScope = "poster" | "violation";
/** Confirm: the machine is right. Overturn: it is wrong (a false positive, or a miss). */
export type ReviewAction = "confirm" | "overturn";

export interface Reviewer {
  name: string;
  role: string;
}

/** One human decision. Decisions are only ever added: together they are the audit trail. */
export interface ReviewDecision {
  /** ULID: orders decisions in time. */
  decisionId: string;
  posterHash: string;
  scope: ReviewScope;
  /** The violation judged, for scope "violation". */
  code?: ViolationCode;
  action: ReviewAction;
  note: string;
  reviewer: Reviewer;
  decidedAt: string;
  /** The machine verdict the reviewer saw, kept as it was. */
  machine: {
    jobId: string;
    policyVersion: string;
    isCompliant: boolean;
    severity?: Severity;
    confidence?: number;
  };
}

export interface AuditFilter {
  posterHash?: string;
  reviewer?: string;
  limit: number;
  cursor?: string;
}

export interface AuditPage {
  items: ReviewDecision[];
  nextCursor?: string;
}

export interface ReviewStore {
  record(decision: ReviewDecision): Promise<void>;
  /** A poster's decisions, oldest first. */
  listForPoster(posterHash: string): Promise<ReviewDecision[]>;
  /** Every decision, newest first, with an opaque cursor. */
  listAudit(filter: AuditFilter): Promise<AuditPage>;
  /** Names of everyone who decided something, for filters. */
  reviewers(): Promise<string[]>;
}
