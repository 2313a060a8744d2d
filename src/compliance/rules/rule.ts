import { type Policy, ruleFor } from "../../domain/policy.js";
import type { Evidence, Violation, ViolationCode } from "../../domain/violation.js";

/** What a rule found: a violation before the policy says whether it counts and how severe it is. */
export interface Finding {
  /** The code of the rule that found it. */
  code: ViolationCode;
  /** 0..1; a violation reports it to three decimals. */
  confidence: number;
  message: string;
  evidence: Evidence;
}

/** What a rule may look at besides the observation. */
export interface RuleContext {
  policy: Policy;
  /** The title the catalog gives for the poster, if known. */
  title?: string;
}

/** The least a context carries: the policy's settings by code, which the engine applies. */
export interface PolicyContext {
  policy: Pick<Policy, "rules">;
}

/**
 * One rule: what it finds in an observation, under its code. A rule never asks whether it is
 * on, whether a finding is confident enough or how severe it is: `admittedFindings` applies the
 * policy's settings, once, for every rule.
 */
export interface Rule<O, C = RuleContext, F extends Finding = Finding> {
  readonly code: ViolationCode;
  judge(observation: O, context: C): F[];
}

/**
 * The rules that judge one kind of observation (technical, text, platform-spec, content). `P` is
 * what the rules share, prepared once per observation (the text rules' page of lines).
 */
export interface RuleFamily<O, P = O, C extends PolicyContext = RuleContext, F extends Finding = Finding> {
  /** The codes the family's rules own: each code belongs to exactly one family. */
  readonly codes: readonly ViolationCode[];
  /** Its rules, in order (the text rules compile the policy's brands and banned terms into rules). */
  rules(context: C): readonly Rule<P, C, F>[];
  /** What the rules share; built once per observation, and only when one of them runs. */
  prepare(observation: O, context: C): P;
  /**
   * The admitted findings that stand, in order (the text rules keep the longest of overlapping
   * matches). Given only findings the policy admitted; without it, all of them stand.
   */
  select?(findings: F[]): F[];
}

/**
 * The findings of a family's rules that the policy admits: only the rules it enables run, and a
 * finding under its rule's minConfidence does not count. Then the family's own choice, if any.
 * With `toViolation`, the one place where a policy's rule settings apply.
 */
export function admittedFindings<O, P, C extends PolicyContext, F extends Finding>(
  family: RuleFamily<O, P, C, F>,
  observation: O,
  context: C,
): F[] {
  const { policy } = context;
  const admitted: F[] = [];
  let prepared: P | undefined;
  let isPrepared = false;
  for (const rule of family.rules(context)) {
    const { enabled, minConfidence } = ruleFor(policy, rule.code);
    if (!enabled) continue;
    if (!isPrepared) {
      prepared = family.prepare(observation, context);
      isPrepared = true;
    }
    for (const finding of rule.judge(prepared as P, context)) {
      if (finding.confidence >= minConfidence) admitted.push(finding);
    }
  }
  return family.select && admitted.length > 0 ? family.select(admitted) : admitted;
}

const roundConfidence = (value: number) => Math.round(value * 1000) / 1000;

/** An admitted finding as a violation: the policy's severity for its code, the detector that saw it. */
export function toViolation(finding: Finding, policy: Pick<Policy, "rules">, detectorId: string): Violation {
  return {
    code: finding.code,
    severity: ruleFor(policy, finding.code).severity,
    confidence: roundConfidence(finding.confidence),
    message: finding.message,
    detector: detectorId,
    evidence: finding.evidence,
  };
}

/**
 * Every violation a family's rules raise on one observation under the policy in `context`, as
 * the engine judges them (before it keeps the strongest per code). For tests and tools that
 * judge one family.
 */
export function judgeWithRules<O, P, C extends PolicyContext, F extends Finding>(
  family: RuleFamily<O, P, C, F>,
  observation: O,
  context: C,
  detectorId: string,
): Violation[] {
  return admittedFindings(family, observation, context).map((finding) =>
    toViolation(finding, context.policy, detectorId),
  );
}
