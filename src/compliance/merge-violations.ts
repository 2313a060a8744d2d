import type { Policy } from "../domain/policy.js";
import type { Violation, ViolationCode } from "../domain/violation.js";

const SEVERITY_ORDER = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3 } as const;

/**
 * One violation per code. `max`: the most confident detector's finding stands, the others are
 * named in `corroboratedBy`. `agreement`: the code stands only if at least `minDetectors` of the
 * detectors able to raise it did (all of them, when fewer are able). `raised` holds violations
 * the policy already admitted (see `judgeObservation`): rules on, findings confident enough.
 */
export function mergeViolations(
  raised: Violation[],
  policy: Policy,
  capableDetectors: (code: ViolationCode) => string[],
): Violation[] {
  const byCode = new Map<ViolationCode, Violation[]>();
  for (const violation of raised) {
    const found = byCode.get(violation.code);
    if (found) found.push(violation);
    else byCode.set(violation.code, [violation]);
  }
  const merged: Violation[] = [];
  for (const [code, found] of byCode) {
    const detectors = [...new Set(found.map((v) => v.detector))];
    if (policy.merge.strategy === "agreement") {
      const needed = Math.min(policy.merge.minDetectors, Math.max(1, capableDetectors(code).length));
      if (detectors.length < needed) continue;
    }
    const strongest = found.reduce((best, v) => (v.confidence > best.confidence ? v : best));
    const others = detectors.filter((d) => d !== strongest.detector);
    merged.push(others.length > 0 ? { ...strongest, corroboratedBy: others } : strongest);
  }
  return merged.sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.confidence - a.confidence,
  );
}
