import type { RuleSettings } from "../../../domain/policy.js";
import type { Box, Violation, ViolationCode } from "../../../domain/violation.js";
import type { OcrObservation } from "../../observations/ocr-observation.js";
import { availabilityDateRule } from "./availability-date.js";
import { bannedTermRules } from "./banned-terms.js";
import { competitorBrandRule } from "./competitor-brand.js";
import { CompileCache } from "./compile-cache.js";
import { measureTextCoverage } from "./excessive-text.js";
import type { LineRule } from "./line-rule.js";
import { buildLineText, type LineText, wordsInRange } from "./line-text.js";
import { NEAR_MISS_WORDS } from "./near-miss-words.js";
import { PhraseMatcher } from "./phrase-matcher.js";
import { priceOrPromoRule } from "./price-or-promo.js";
import { profanityRule } from "./profanity.js";
import { qualityName, type TextMatch } from "./text-match.js";
import type { TextRuleSettings } from "./text-rule-settings.js";
import { unionBox } from "./union-box.js";
import { urlOrContactRule } from "./url-or-contact.js";

export type { ExtraBannedTerm, TextRuleSettings } from "./text-rule-settings.js";
export { defaultTextRuleSettings, TEXT_RULE_CODES, textRuleSettingsFor } from "./text-rule-settings.js";

interface CompiledTextRules {
  lineRules: LineRule[];
  allowed: PhraseMatcher;
}

interface Finding {
  rule: LineRule;
  match: TextMatch;
  text: string;
  box: Box;
  confidence: number;
}

// Built once: these rules do not depend on the settings.
let fixedRules: LineRule[] | undefined;
const brandRules = new CompileCache<LineRule>();
const bannedRules = new CompileCache<LineRule[]>();
const allowedMatchers = new CompileCache<PhraseMatcher>();

function compiledFor(settings: TextRuleSettings): CompiledTextRules {
  fixedRules ??= [profanityRule(), urlOrContactRule(), priceOrPromoRule(), availabilityDateRule()];
  const { competitorBrands, ownBrands, extraBannedTerms, allowedTerms } = settings;
  return {
    lineRules: [
      ...fixedRules,
      brandRules.get([competitorBrands, ownBrands], () => competitorBrandRule(competitorBrands, ownBrands)),
      ...bannedRules.get(extraBannedTerms, () => bannedTermRules(extraBannedTerms)),
    ],
    allowed: allowedMatchers.get(
      allowedTerms,
      () => new PhraseMatcher(allowedTerms, { nearMissWords: NEAR_MISS_WORDS }),
    ),
  };
}

const round = (value: number) => Math.round(value * 1000) / 1000;

function locate(line: LineText, rule: LineRule, match: TextMatch): Finding | undefined {
  const { first, last } = wordsInRange(line, match.start, match.end);
  if (first < 0) return undefined;
  const words = line.words.slice(first, last + 1);
  const ocrConfidence = Math.min(...words.map((w) => w.confidence));
  return {
    rule,
    match,
    text: words.map((w) => w.text).join(" "),
    box: unionBox(words.map((w) => w.box)),
    confidence: round(Math.max(0, Math.min(1, ocrConfidence * match.quality))),
  };
}

/** Per code, the longest (then most confident) findings that do not overlap. */
function selectFindings(findings: Finding[]): Finding[] {
  const ranked = [...findings].sort(
    (a, b) =>
      b.match.end - b.match.start - (a.match.end - a.match.start) ||
      b.confidence - a.confidence ||
      a.match.start - b.match.start,
  );
  const kept: Finding[] = [];
  for (const finding of ranked) {
    const overlaps = kept.some(
      (k) =>
        k.rule.code === finding.rule.code &&
        k.match.start < finding.match.end &&
        finding.match.start < k.match.end,
    );
    if (!overlaps) kept.push(finding);
  }
  return kept.sort((a, b) => a.match.start - b.match.start);
}

function toViolation(finding: Finding, settings: RuleSettings, detectorId: string): Violation {
  const { match } = finding;
  return {
    code: finding.rule.code,
    severity: settings.severity,
    confidence: finding.confidence,
    message: finding.rule.describe(match, finding.text),
    detector: detectorId,
    evidence: {
      text: finding.text,
      boxes: [finding.box],
      measured: { term: match.term, match: qualityName(match.quality) },
    },
  };
}

function judgeLine(
  line: LineText,
  rules: readonly LineRule[],
  allowed: PhraseMatcher,
  settings: TextRuleSettings,
  detectorId: string,
): Violation[] {
  const allowedSpans = allowed.size > 0 ? allowed.find(line.tokens) : [];
  const findings: Finding[] = [];
  for (const rule of rules) {
    const minConfidence = settings.rules[rule.code]?.minConfidence ?? 1;
    for (const match of rule.find(line)) {
      if (allowedSpans.some((span) => match.start >= span.start && match.end <= span.end)) continue;
      const finding = locate(line, rule, match);
      if (finding && finding.confidence >= minConfidence) findings.push(finding);
    }
  }
  return selectFindings(findings).map((finding) =>
    toViolation(finding, settings.rules[finding.rule.code] as RuleSettings, detectorId),
  );
}

function excessiveText(ocr: OcrObservation, settings: TextRuleSettings, detectorId: string): Violation[] {
  const rule = settings.rules.EXCESSIVE_TEXT;
  if (!rule?.enabled) return [];
  const coverage = measureTextCoverage(ocr);
  const limit = settings.excessiveTextMaxAreaFraction;
  const confidence = round(coverage.confidence);
  if (coverage.fraction <= limit || confidence < rule.minConfidence) return [];
  const percent = (share: number) => `${Math.round(share * 1000) / 10} %`;
  return [
    {
      code: "EXCESSIVE_TEXT",
      severity: rule.severity,
      confidence,
      message: `Text covers ${percent(coverage.fraction)} of the poster, more than the ${percent(limit)} allowed.`,
      detector: detectorId,
      evidence: {
        measured: { textAreaFraction: Math.round(coverage.fraction * 10_000) / 10_000 },
        limit: { maxTextAreaFraction: limit },
        boxes: coverage.lineBoxes,
      },
    },
  ];
}

/**
 * Judges what OCR read on a poster against the text rules: profanity, contact details,
 * prices and promotions, competitor brands, availability dates, policy-banned terms
 * and the share of the poster covered by text. Only rules enabled in `settings.rules`
 * raise, with that rule's severity, and nothing under its minConfidence. Pure: no I/O
 * (compiled word lists are cached by content).
 */
export function judgeText(ocr: OcrObservation, settings: TextRuleSettings, detectorId: string): Violation[] {
  const isEnabled = (code: ViolationCode) => settings.rules[code]?.enabled === true;
  const { lineRules, allowed } = compiledFor(settings);
  const rules = lineRules.filter((rule) => isEnabled(rule.code));
  const violations: Violation[] = [];
  if (rules.length > 0) {
    ocr.lines.forEach((ocrLine, index) => {
      violations.push(...judgeLine(buildLineText(ocrLine, index), rules, allowed, settings, detectorId));
    });
  }
  violations.push(...excessiveText(ocr, settings, detectorId));
  return violations;
}
