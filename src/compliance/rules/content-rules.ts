import { ruleFor } from "../../domain/policy.js";
import type { ViolationCode } from "../../domain/violation.js";
import { CONTENT_CODES, PICTURE_CODES } from "../detectors/cloud/content-taxonomy.js";
import type { ContentFinding, ContentObservation } from "../observations/content-observation.js";
import type { Finding, Rule, RuleContext, RuleFamily } from "./rule.js";

/**
 * The codes the content rules own: judged from the picture by a model (nsfw, Bedrock,
 * Rekognition, OpenAI), which decides what it sees; the rules pass its findings on.
 */
export const CONTENT_RULE_CODES: readonly ViolationCode[] = PICTURE_CODES.map((c) => c.code);

/** A finding and its place in the model's answer. */
interface ModelFinding extends Finding {
  index: number;
}

/** One code as a content model reported it: each finding of that code, the policy decides the rest. */
function modelFindingRule(code: ViolationCode): Rule<ContentObservation, RuleContext, ModelFinding> {
  return {
    code,
    judge(observation: ContentObservation, { policy }: RuleContext): ModelFinding[] {
      // Reported, not applied: the engine drops findings under the minimum.
      const { minConfidence } = ruleFor(policy, code);
      const found: ModelFinding[] = [];
      observation.findings.forEach((finding, index) => {
        if (finding.code === code) found.push(modelFinding(observation, finding, index, minConfidence));
      });
      return found;
    },
  };
}

function modelFinding(
  observation: ContentObservation,
  finding: ContentFinding,
  index: number,
  minConfidence: number,
): ModelFinding {
  return {
    index,
    code: finding.code,
    // Unrounded, so that the engine compares what the model said; violations show three decimals.
    confidence: finding.confidence,
    message: `${observation.model} saw ${finding.label} (${Math.round(finding.confidence * 100)} %)${
      finding.rationale ? `: ${finding.rationale}` : ""
    }`,
    evidence: {
      text: finding.label,
      measured: { confidence: round(finding.confidence) },
      limit: { minConfidence },
      ...(finding.boxes?.length ? { boxes: finding.boxes } : {}),
    },
  };
}

/**
 * A rule for every code a content model may report: the picture codes this family owns, and the
 * text a vision model reads on the art (PROFANITY, URL_OR_CONTACT, …), whose own rules are the
 * text rules: the model is a second reader, raising those codes under the same policy settings.
 */
const RULES = CONTENT_CODES.map(modelFindingRule);

/** What content models found, under the policy: the strongest per code is the engine's to keep. */
export const CONTENT_RULES: RuleFamily<ContentObservation, ContentObservation, RuleContext, ModelFinding> = {
  codes: CONTENT_RULE_CODES,
  rules: () => RULES,
  prepare: (observation) => observation,
  // In the model's order, whatever the order of the codes.
  select: (findings) => findings.sort((a, b) => a.index - b.index),
};

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
