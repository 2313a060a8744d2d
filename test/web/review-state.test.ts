import { describe, expect, it } from "vitest";
import type { ComplianceResult } from "../../src/domain/compliance-result.js";
import type { ViolationCode } from "../../src/domain/violation.js";
import type { ReviewDecision } from "../../src/ports/review-store.js";
import { reviewOf } from "../../src/services/review-service.js";

function result(codes: ViolationCode[]): ComplianceResult {
  return {
    isCompliant: codes.length === 0,
    violations: codes.map((code) => ({
      code,
      severity: "HIGH",
      confidence: 0.9,
      message: code,
      detector: "metrics",
    })),
    policy: { id: "generic", version: "v1" },
    detectors: [{ id: "metrics", version: "1", durationMs: 1 }],
    checkedAt: "2025-01-01T00:00:00.000Z",
    preset: "generic",
    artworkType: "poster",
  };
}

let sequence = 0;
function decision(
  scope: "poster" | "violation",
  action: "confirm" | "overturn",
  options: { code?: ViolationCode; machineCompliant?: boolean } = {},
): ReviewDecision {
  sequence += 1;
  return {
    decisionId: `01J${String(sequence).padStart(23, "0")}`,
    posterHash: "a".repeat(64),
    scope,
    action,
    note: "n",
    reviewer: { name: "alice", role: "reviewer" },
    decidedAt: new Date(Date.UTC(2025, 0, 1, 0, sequence)).toISOString(),
    machine: { jobId: "j", policyVersion: "v1", isCompliant: options.machineCompliant ?? false },
    ...(options.code ? { code: options.code } : {}),
  };
}

describe("what review decisions add up to", () => {
  const twoCodes = result(["LOW_RESOLUTION", "ASPECT_RATIO"]);

  it("is unreviewed without decisions, and without a verdict", () => {
    expect(reviewOf(twoCodes, []).state).toBe("unreviewed");
    expect(reviewOf(undefined, [decision("poster", "confirm")]).state).toBe("unreviewed");
  });

  it("keeps a poster violating when one violation is confirmed", () => {
    const review = reviewOf(twoCodes, [decision("violation", "confirm", { code: "LOW_RESOLUTION" })]);
    expect(review).toMatchObject({ state: "confirmed", humanVerdict: "violating" });
  });

  it("is partial while only some violations are overturned, compliant once all are", () => {
    const first = decision("violation", "overturn", { code: "LOW_RESOLUTION" });
    expect(reviewOf(twoCodes, [first]).state).toBe("partial");
    expect(reviewOf(twoCodes, [first]).humanVerdict).toBeUndefined();
    const second = decision("violation", "overturn", { code: "ASPECT_RATIO" });
    expect(reviewOf(twoCodes, [first, second])).toMatchObject({
      state: "overturned",
      humanVerdict: "compliant",
    });
  });

  it("lets the newest decision win between a poster-wide one and per-violation ones", () => {
    const overturnAll = decision("poster", "overturn");
    const confirmOne = decision("violation", "confirm", { code: "ASPECT_RATIO" });
    expect(reviewOf(twoCodes, [overturnAll]).humanVerdict).toBe("compliant");
    expect(reviewOf(twoCodes, [overturnAll, confirmOne]).humanVerdict).toBe("violating");
    const confirmAll = decision("poster", "confirm");
    expect(reviewOf(twoCodes, [overturnAll, confirmOne, confirmAll])).toMatchObject({
      state: "confirmed",
      humanVerdict: "violating",
      last: confirmAll,
    });
  });

  it("overturns a compliant verdict into violating (a miss), and drops decisions that no longer apply", () => {
    const compliant = result([]);
    const missed = decision("poster", "overturn", { machineCompliant: true });
    expect(reviewOf(compliant, [missed])).toMatchObject({ state: "overturned", humanVerdict: "violating" });
    // A poster-wide decision made on a violating verdict does not carry to a compliant one...
    expect(reviewOf(compliant, [decision("poster", "confirm")]).state).toBe("unreviewed");
    // ...and a decision on a code the verdict no longer raises is ignored.
    const onlyAspect = result(["ASPECT_RATIO"]);
    expect(reviewOf(onlyAspect, [decision("violation", "overturn", { code: "LOW_RESOLUTION" })]).state).toBe(
      "unreviewed",
    );
  });
});
