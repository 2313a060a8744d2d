import type { Policy } from "../../../domain/policy.js";
import type { Violation, ViolationCode } from "../../../domain/violation.js";
import type { OcrObservation } from "../../observations/ocr-observation.js";
import { judgeWithRules, type Rule, type RuleContext, type RuleFamily } from "../rule.js";
import { awardReferenceRule } from "./award-reference.js";
import { creditsBlockRule } from "./credits-block.js";
import { criticQuoteRule } from "./critic-quote.js";
import { exemptSpansFor } from "./exempt-spans.js";
import { formatCalloutRule } from "./format-callout.js";
import type { KnownTitle, SpecFinding, SpecInput, SpecRule } from "./spec-finding.js";
import { buildSpecPage, type SpecPage } from "./spec-page.js";
import { textInSafeZoneRule } from "./text-in-safe-zone.js";
import { textOnTextlessArtRule } from "./text-on-textless-art.js";
import { compileTitle, locateTitle, pageTitleTokens } from "./title-locator.js";
import { titleMissingRule } from "./title-missing.js";

/** The codes the platform-spec text rules own, judged from what OCR read. */
export const SPEC_TEXT_CODES = [
  "TITLE_MISSING",
  "TEXT_ON_TEXTLESS_ART",
  "TEXT_IN_SAFE_ZONE",
  "CREDITS_BLOCK",
  "CRITIC_QUOTE",
  "AWARD_REFERENCE",
  "FORMAT_CALLOUT",
] as const satisfies readonly ViolationCode[];

export type SpecTextCode = (typeof SPEC_TEXT_CODES)[number];

export interface SpecTextContext {
  /** The title the catalog gives for the poster, if known. */
  title?: string;
}

/** A spec rule as a rule: what it finds in the prepared page. */
function specRule(rule: SpecRule): Rule<SpecInput, unknown, SpecFinding> {
  return { code: rule.code, judge: (input: SpecInput) => rule.find(input) };
}

// Built once: the rules' word lists do not depend on the policy.
let rules: Rule<SpecInput, unknown, SpecFinding>[] | undefined;

function specRules(): Rule<SpecInput, unknown, SpecFinding>[] {
  rules ??= [
    titleMissingRule(),
    textOnTextlessArtRule(),
    textInSafeZoneRule(),
    creditsBlockRule(),
    criticQuoteRule(),
    awardReferenceRule(),
    formatCalloutRule(),
  ].map(specRule);
  return rules;
}

function knownTitle(page: SpecPage, title: string | undefined): KnownTitle | undefined {
  const trimmed = title?.trim();
  const compiled = trimmed ? compileTitle(trimmed) : undefined;
  if (!compiled) return undefined;
  const tokens = pageTitleTokens(page);
  return { compiled, tokens, occurrence: locateTitle(page, compiled, tokens) };
}

/** The page, the known title located on it and the text no wording rule may flag: built once per poster. */
function specInput(ocr: OcrObservation, { policy, title: catalogTitle }: RuleContext): SpecInput {
  const page = buildSpecPage(ocr);
  const title = knownTitle(page, catalogTitle);
  return {
    page,
    policy,
    title,
    exempt: exemptSpansFor(page, policy, { known: title !== undefined, occurrence: title?.occurrence }),
  };
}

/**
 * The platform-spec text rules of the policy's artwork type, judging what OCR read: the title
 * is required (TITLE_MISSING), the art must be textless (TEXT_ON_TEXTLESS_ART), text must keep
 * out of safe zones (TEXT_IN_SAFE_ZONE), and no credits, critics' quotes, awards or format
 * callouts. The known title, the platform's own brands and the policy's allowed terms never
 * count as a credit, quote, award or format.
 */
export const SPEC_TEXT_RULES: RuleFamily<OcrObservation, SpecInput, RuleContext, SpecFinding> = {
  codes: SPEC_TEXT_CODES,
  rules: specRules,
  prepare: specInput,
};

/**
 * Judges what OCR read against the platform-spec text rules of `policy`, as the engine does:
 * only rules enabled in `policy.rules` raise, with that rule's severity, and nothing under its
 * minConfidence. Pure: no I/O.
 */
export function judgeSpecText(
  ocr: OcrObservation,
  policy: Policy,
  detectorId: string,
  context: SpecTextContext = {},
): Violation[] {
  return judgeWithRules(SPEC_TEXT_RULES, ocr, { policy, title: context.title }, detectorId);
}
