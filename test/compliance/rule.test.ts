import { describe, expect, it } from "vitest";
import {
  ComplianceEngine,
  type JudgedDetector,
  judgeObservation,
} from "../../src/compliance/compliance-engine.js";
import { defaultPolicy } from "../../src/compliance/default-policy.js";
import {
  admittedFindings,
  type Finding,
  judgeWithRules,
  type Rule,
  type RuleFamily,
} from "../../src/compliance/rules/rule.js";
import { type Policy, type RuleSettings, versionPolicy } from "../../src/domain/policy.js";
import type { ViolationCode } from "../../src/domain/violation.js";
import type { Clock } from "../../src/ports/clock.js";

/** An observation of the tests' fake detectors: what each code's rule will find, by confidence. */
type Seen = Partial<Record<ViolationCode, number[]>>;

const finding = (code: ViolationCode, confidence: number, note = ""): Finding => ({
  code,
  confidence,
  message: `${code} at ${confidence}${note}`,
  evidence: { measured: { confidence } },
});

interface Calls {
  prepared: number;
  judged: ViolationCode[];
}

function family(codes: ViolationCode[], calls: Calls = { prepared: 0, judged: [] }): RuleFamily<Seen> {
  const rules: Rule<Seen>[] = codes.map((code) => ({
    code,
    judge(seen) {
      calls.judged.push(code);
      return (seen[code] ?? []).map((confidence, i) => finding(code, confidence, ` #${i}`));
    },
  }));
  return {
    codes,
    rules: () => rules,
    prepare: (seen) => {
      calls.prepared += 1;
      return seen;
    },
  };
}

const rule = (severity: RuleSettings["severity"], minConfidence = 0.5, enabled = true): RuleSettings => ({
  enabled,
  severity,
  minConfidence,
});

function policyWith(rules: Policy["rules"], merge: Policy["merge"] = { strategy: "max", minDetectors: 2 }) {
  const { version: _version, ...content } = defaultPolicy();
  return versionPolicy({ ...content, rules, merge });
}

describe("the policy, applied once to what rules find", () => {
  it("runs only the rules the policy enables, and prepares nothing when none is", () => {
    const calls: Calls = { prepared: 0, judged: [] };
    const rules = family(["NUDITY", "VIOLENCE", "WEAPONS"], calls);
    const policy = policyWith({ NUDITY: rule("HIGH"), VIOLENCE: rule("HIGH", 0.5, false) });
    admittedFindings(rules, { NUDITY: [0.9], VIOLENCE: [0.9], WEAPONS: [0.9] }, { policy });
    expect(calls).toEqual({ prepared: 1, judged: ["NUDITY"] });

    const off = policyWith({ NUDITY: rule("HIGH", 0.5, false) });
    expect(admittedFindings(rules, { NUDITY: [0.9] }, { policy: off })).toEqual([]);
    expect(calls.prepared).toBe(1);
  });

  it("drops findings under their rule's minConfidence, keeps one exactly at it", () => {
    const policy = policyWith({ NUDITY: rule("HIGH", 0.6) });
    const found = judgeWithRules(family(["NUDITY"]), { NUDITY: [0.59, 0.6, 0.95] }, { policy }, "test");
    expect(found.map((v) => v.confidence)).toEqual([0.6, 0.95]);
  });

  it("gives each violation its code's severity from the policy, the detector, and three decimals", () => {
    const policy = policyWith({ NUDITY: rule("CRITICAL"), WEAPONS: rule("LOW") });
    expect(
      judgeWithRules(family(["NUDITY", "WEAPONS"]), { NUDITY: [0.91234], WEAPONS: [0.7] }, { policy }, "det"),
    ).toEqual([
      {
        code: "NUDITY",
        severity: "CRITICAL",
        confidence: 0.912,
        message: "NUDITY at 0.91234 #0",
        detector: "det",
        evidence: { measured: { confidence: 0.91234 } },
      },
      {
        code: "WEAPONS",
        severity: "LOW",
        confidence: 0.7,
        message: "WEAPONS at 0.7 #0",
        detector: "det",
        evidence: { measured: { confidence: 0.7 } },
      },
    ]);
  });

  it("lets a family choose only among the findings the policy admitted", () => {
    const seen: number[][] = [];
    const longestFirst: RuleFamily<Seen> = {
      ...family(["NUDITY"]),
      select: (findings) => {
        seen.push(findings.map((f) => f.confidence));
        return findings.slice(0, 1);
      },
    };
    const policy = policyWith({ NUDITY: rule("HIGH", 0.5) });
    const found = admittedFindings(longestFirst, { NUDITY: [0.4, 0.8, 0.9] }, { policy });
    expect(seen).toEqual([[0.8, 0.9]]);
    expect(found.map((f) => f.confidence)).toEqual([0.8]);
  });
});

const clock: Clock = { now: () => new Date("2026-01-01T00:00:00Z") };
const noStore = { getObservation: async () => undefined, saveObservation: async () => {} };

function fakeDetector(
  id: string,
  families: RuleFamily<Seen>[],
  codes: ViolationCode[],
): JudgedDetector<Seen> {
  return {
    detector: { id, version: "1", detect: async () => ({}) },
    codes,
    rules: families,
  };
}

describe("the engine's verdict from findings", () => {
  it("keeps the strongest finding per code per detector, the first of equals, across its families", () => {
    const policy = policyWith({ NUDITY: rule("HIGH"), WEAPONS: rule("MEDIUM") });
    const entry = fakeDetector(
      "a",
      [family(["NUDITY"]), family(["NUDITY", "WEAPONS"])],
      ["NUDITY", "WEAPONS"],
    );
    const seen: Seen = { NUDITY: [0.7, 0.8, 0.8], WEAPONS: [0.6] };
    expect(judgeObservation(entry, seen, policy, "a").map((v) => [v.code, v.message])).toEqual([
      ["NUDITY", "NUDITY at 0.8 #1"],
      ["WEAPONS", "WEAPONS at 0.6 #0"],
    ]);
  });

  it("merges across detectors without judging again: the strongest stands, the others corroborate", () => {
    const policy = policyWith({ NUDITY: rule("HIGH", 0.5), WEAPONS: rule("LOW", 0.9) });
    const a = fakeDetector("a", [family(["NUDITY", "WEAPONS"])], ["NUDITY", "WEAPONS"]);
    const b = fakeDetector("b", [family(["NUDITY"])], ["NUDITY"]);
    const engine = new ComplianceEngine([a, b] as JudgedDetector[], noStore, clock);
    const result = engine.judge(
      [
        { detector: "a", version: "1", durationMs: 1, data: { NUDITY: [0.6], WEAPONS: [0.8] } },
        { detector: "b", version: "1", durationMs: 1, data: { NUDITY: [0.55, 0.75] } },
      ],
      policy,
    );
    expect(result.violations).toEqual([
      {
        code: "NUDITY",
        severity: "HIGH",
        confidence: 0.75,
        message: "NUDITY at 0.75 #1",
        detector: "b",
        corroboratedBy: ["a"],
        evidence: { measured: { confidence: 0.75 } },
      },
    ]);
  });

  it("under `agreement`, counts a detector whose finding the policy admitted, not one it dropped", () => {
    const policy = policyWith({ NUDITY: rule("HIGH", 0.7) }, { strategy: "agreement", minDetectors: 2 });
    const a = fakeDetector("a", [family(["NUDITY"])], ["NUDITY"]);
    const b = fakeDetector("b", [family(["NUDITY"])], ["NUDITY"]);
    const engine = new ComplianceEngine([a, b] as JudgedDetector[], noStore, clock);
    const judge = (second: number) =>
      engine.judge(
        [
          { detector: "a", version: "1", durationMs: 1, data: { NUDITY: [0.9] } },
          { detector: "b", version: "1", durationMs: 1, data: { NUDITY: [second] } },
        ],
        policy,
      ).violations;
    expect(judge(0.6)).toEqual([]);
    expect(judge(0.8).map((v) => [v.code, v.detector, v.corroboratedBy])).toEqual([["NUDITY", "a", ["b"]]]);
  });
});
