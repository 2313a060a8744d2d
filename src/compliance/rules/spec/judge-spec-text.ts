import { type Policy, ruleFor } from "../../../domain/policy.js";
import type { Violation } from "../../../domain/violation.js";
import type { OcrObservation } from "../../observations/ocr-observation.js";
import { awardReferenceRule } from "./award-reference.js";
import { creditsBlockRule } from "./credits-block.js";
import { criticQuoteRule } from "./critic-quote.js";
import { exemptSpansFor } from "./exempt-spans.js";
import { formatCalloutRule } from "./format-callout.js";
import type { KnownTitle, SpecInput, SpecRule } from "./spec-finding.js";
import { buildSpecPage, type SpecPage } from "./spec-page.js";
import { textInSafeZoneRule } from "./text-in-safe-zone.js";
import { textOnTextlessArtRule } from "./text-on-textless-art.js";
import { compileTitle, locateTitle, pageTitleTokens } from "./title-locator.js";
import { titleMissingRule } from "./title-missing.js";

export { SPEC_TEXT_CODES, type SpecTextCode } from "./spec-finding.js";

export interface SpecTextContext {
  /** The title the catalog gives for the poster, if known. */
  title?: string;
}

// Built once: the rules' word lists do not depend on the policy.
let rules: SpecRule[] | undefined;

function specRules(): SpecRule[] {
  rules ??= [
    titleMissingRule(),
    textOnTextlessArtRule(),
    textInSafeZoneRule(),
    creditsBlockRule(),
    criticQuoteRule(),
    awardReferenceRule(),
    formatCalloutRule(),
  ];
  return rules;
}

function knownTitle(page: SpecPage, title: string | undefined): KnownTitle | undefined {
  const trimmed = title?.trim();
  const compiled = trimmed ? compileTitle(trimmed) : undefined;
  if (!compiled) return undefined;
  const tokens = pageTitleTokens(page);
  return { compiled, tokens, occurrence: locateTitle(page, compiled, tokens) };
}

/**
 * Judges what OCR read on a poster against the platform-spec text rules of the policy's
 * artwork type: the title is required (TITLE_MISSING), the art must be textless
 * (TEXT_ON_TEXTLESS_ART), text must keep out of safe zones (TEXT_IN_SAFE_ZONE), and no
 * credits, critics' quotes, awards or format callouts. Only rules enabled in `policy.rules`
 * raise, with that rule's severity, and nothing under its minConfidence. The known title,
 * the platform's own brands and the policy's allowed terms never count as a credit, quote,
 * award or format. Pure: no I/O.
 */
export function judgeSpecText(
  ocr: OcrObservation,
  policy: Policy,
  detectorId: string,
  context: SpecTextContext = {},
): Violation[] {
  const enabled = specRules().filter((rule) => ruleFor(policy, rule.code).enabled);
  if (enabled.length === 0) return [];
  const page = buildSpecPage(ocr);
  const title = knownTitle(page, context.title);
  const input: SpecInput = {
    page,
    policy,
    title,
    exempt: exemptSpansFor(page, policy, { known: title !== undefined, occurrence: title?.occurrence }),
  };
  const violations: Violation[] = [];
  for (const rule of enabled) {
    const settings = ruleFor(policy, rule.code);
    for (const finding of rule.find(input)) {
      if (finding.confidence < settings.minConfidence) continue;
      violations.push({
        code: finding.code,
        severity: settings.severity,
        confidence: finding.confidence,
        message: finding.message,
        detector: detectorId,
        evidence: finding.evidence,
      });
    }
  }
  return violations;
}
