import type { Box, ViolationCode } from "../../domain/violation.js";

/** One thing a vision model reports, already mapped to our code. */
export interface ContentFinding {
  code: ViolationCode;
  /** 0..1 */
  confidence: number;
  /** The model's own label, e.g. "Porn" or "Explicit Nudity", kept for reviewers. */
  label: string;
  rationale?: string;
  boxes?: Box[];
}

/**
 * What a content model saw. It reports every finding it is able to, whatever any policy
 * wants, so one observation serves every policy.
 */
export interface ContentObservation {
  model: string;
  findings: ContentFinding[];
  /** Class scores or label confidences as the model gave them, for evidence. */
  scores?: Record<string, number>;
}
