import type { ComplianceResult } from "../domain/compliance-result.js";
import type { Job } from "../domain/job.js";
import type { ViolationCode } from "../domain/violation.js";
import type { Clock } from "../ports/clock.js";
import type { ReviewState } from "../ports/poster-index.js";
import type {
  AuditFilter,
  AuditPage,
  ReviewAction,
  ReviewDecision,
  Reviewer,
  ReviewScope,
  ReviewStore,
} from "../ports/review-store.js";

/** What people decided about a poster's current machine verdict. */
export interface PosterReview {
  state: ReviewState;
  humanVerdict?: "compliant" | "violating";
  /** The latest decision on each violation of the current verdict. */
  violations: Partial<Record<ViolationCode, ReviewDecision>>;
  /** The latest poster-wide decision, when it was made on a verdict with the same outcome. */
  poster?: ReviewDecision;
  /** The newest decision that applies: who reviewed, and when. */
  last?: ReviewDecision;
}

/**
 * Applies decisions to the current machine verdict. A decision on a violation follows its code
 * (a re-judged poster keeps it while the code is still raised); a poster-wide decision applies
 * while the machine reaches the same outcome. The newest applicable decision wins:
 * - a poster-wide confirm keeps the machine verdict, an overturn reverses it;
 * - otherwise any confirmed violation keeps the poster violating, and a poster whose every
 *   violation was overturned is compliant; overturns with violations left unlooked-at are partial.
 */
export function reviewOf(result: ComplianceResult | undefined, decisions: ReviewDecision[]): PosterReview {
  if (!result) return { state: "unreviewed", violations: {} };
  const raised = new Set(result.violations.map((v) => v.code));
  const violations: Partial<Record<ViolationCode, ReviewDecision>> = {};
  let poster: ReviewDecision | undefined;
  for (const decision of decisions) {
    if (decision.scope === "violation" && decision.code && raised.has(decision.code)) {
      violations[decision.code] = decision;
    } else if (decision.scope === "poster" && decision.machine.isCompliant === result.isCompliant) {
      poster = decision;
    }
  }
  const onViolations = Object.values(violations).filter((d): d is ReviewDecision => d !== undefined);
  const newestOnViolations = onViolations.reduce<ReviewDecision | undefined>(
    (newest, d) => (!newest || d.decisionId > newest.decisionId ? d : newest),
    undefined,
  );
  const machineVerdict = result.isCompliant ? "compliant" : "violating";
  if (poster && (!newestOnViolations || poster.decisionId > newestOnViolations.decisionId)) {
    const overturned = poster.action === "overturn";
    return {
      state: overturned ? "overturned" : "confirmed",
      humanVerdict: overturned ? opposite(machineVerdict) : machineVerdict,
      violations,
      poster,
      last: poster,
    };
  }
  const base = {
    violations,
    ...(poster ? { poster } : {}),
    ...(newestOnViolations ? { last: newestOnViolations } : {}),
  };
  if (onViolations.length === 0) return { ...base, state: "unreviewed" };
  if (onViolations.some((d) => d.action === "confirm")) {
    return { ...base, state: "confirmed", humanVerdict: "violating" };
  }
  if (onViolations.length === raised.size) return { ...base, state: "overturned", humanVerdict: "compliant" };
  return { ...base, state: "partial" };
}

function opposite(verdict: "compliant" | "violating") {
  return verdict === "compliant" ? "violating" : "compliant";
}

export type ReviewErrorCode = "POSTER_NOT_FOUND" | "NO_VERDICT" | "UNKNOWN_VIOLATION" | "NOTE_REQUIRED";

const STATUS_OF: Record<ReviewErrorCode, number> = {
  POSTER_NOT_FOUND: 404,
  NO_VERDICT: 409,
  UNKNOWN_VIOLATION: 422,
  NOTE_REQUIRED: 422,
};

export class ReviewError extends Error {
  override readonly name = "ReviewError";
  readonly statusCode: number;
  constructor(
    readonly code: ReviewErrorCode,
    message: string,
  ) {
    super(message);
    this.statusCode = STATUS_OF[code];
  }
}

export interface ReviewInput {
  posterHash: string;
  scope: ReviewScope;
  code?: ViolationCode;
  action: ReviewAction;
  note: string;
  reviewer: Reviewer;
}

/** The verdict a reviewer sees for a poster: the job that holds it and its result. */
export interface ShownVerdict {
  job: Job;
  result?: ComplianceResult;
}

export interface ReviewServiceDeps {
  reviews: ReviewStore;
  /** The poster's current verdict, as the poster page shows it. */
  verdictOf: (posterHash: string) => Promise<ShownVerdict | undefined>;
  /** Called after a decision is recorded (the poster index updates here). */
  onReviewed?: (posterHash: string) => Promise<void>;
  clock: Clock;
  newDecisionId: () => string;
}

/** Human review: confirm or overturn a verdict, per violation or per poster, with a note. */
export function reviewService(deps: ReviewServiceDeps) {
  const { reviews, clock } = deps;

  return {
    async decide(input: ReviewInput): Promise<{ decision: ReviewDecision; review: PosterReview }> {
      const note = input.note.trim();
      if (input.action === "overturn" && note.length === 0) {
        throw new ReviewError("NOTE_REQUIRED", "say why in a note when you overturn the machine");
      }
      const verdict = await deps.verdictOf(input.posterHash);
      if (!verdict) throw new ReviewError("POSTER_NOT_FOUND", `no poster with hash ${input.posterHash}`);
      const { result } = verdict;
      if (!result) {
        throw new ReviewError(
          "NO_VERDICT",
          `the poster has no verdict to review yet (its job is ${verdict.job.status})`,
        );
      }
      const violation =
        input.scope === "violation" ? result.violations.find((v) => v.code === input.code) : undefined;
      if (input.scope === "violation" && !violation) {
        throw new ReviewError(
          "UNKNOWN_VIOLATION",
          `the current verdict raises no ${input.code ?? "(missing code)"} violation`,
        );
      }
      const decision: ReviewDecision = {
        decisionId: deps.newDecisionId(),
        posterHash: input.posterHash,
        scope: input.scope,
        action: input.action,
        note,
        reviewer: input.reviewer,
        decidedAt: clock.now().toISOString(),
        machine: {
          jobId: verdict.job.jobId,
          policyVersion: result.policy.version,
          isCompliant: result.isCompliant,
          ...(violation ? { severity: violation.severity, confidence: violation.confidence } : {}),
        },
        ...(violation ? { code: violation.code } : {}),
      };
      await reviews.record(decision);
      await deps.onReviewed?.(input.posterHash);
      return { decision, review: reviewOf(result, await reviews.listForPoster(input.posterHash)) };
    },

    /** A poster's verdict, every decision about it (oldest first) and what they add up to. */
    async reviewFor(posterHash: string) {
      const [verdict, decisions] = await Promise.all([
        deps.verdictOf(posterHash),
        reviews.listForPoster(posterHash),
      ]);
      if (!verdict) return undefined;
      return { verdict, decisions, review: reviewOf(verdict.result, decisions) };
    },

    audit(filter: AuditFilter): Promise<AuditPage> {
      return reviews.listAudit(filter);
    },

    reviewers(): Promise<string[]> {
      return reviews.reviewers();
    },
  };
}

export type ReviewService = ReturnType<typeof reviewService>;
