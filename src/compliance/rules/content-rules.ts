import { type Policy, ruleFor } from "../../domain/policy.js";
import type { Violation } from "../../domain/violation.js";
import type { ContentObservation } from "../observations/content-observation.js";

/** A finding becomes a violation when its rule is on and it is confident enough; strongest per code. */
export function judgeContent(
  observation: ContentObservation,
  policy: Policy,
  detectorId: string,
): Violation[] {
  const strongest = new Map<string, Violation>();
  for (const finding of observation.findings) {
    const rule = ruleFor(policy, finding.code);
    if (!rule.enabled || finding.confidence < rule.minConfidence) continue;
    const known = strongest.get(finding.code);
    if (known && known.confidence >= finding.confidence) continue;
    strongest.set(finding.code, {
      code: finding.code,
      severity: rule.severity,
      confidence: round(finding.confidence),
      message: `${observation.model} saw ${finding.label} (${Math.round(finding.confidence * 100)} %)${
        finding.rationale ? `: ${finding.rationale}` : ""
      }`,
      detector: detectorId,
      evidence: {
        text: finding.label,
        measured: { confidence: round(finding.confidence) },
        limit: { minConfidence: rule.minConfidence },
        ...(finding.boxes?.length ? { boxes: finding.boxes } : {}),
      },
    });
  }
  return [...strongest.values()];
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
