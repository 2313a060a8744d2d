import type { Violation, ViolationCode } from "../../../domain/violation.js";
import type { OcrObservation } from "../../observations/ocr-observation.js";
import {
  type Finding,
  judgeWithRules,
  type PolicyContext,
  type Rule,
  type RuleContext,
  type RuleFamily,
} from "../rule.js";
import { availabilityDateRule } from "./availability-date.js";
import { bannedTermRules } from "./banned-terms.js";
import { competitorBrandRule } from "./competitor-brand.js";
import { CompileCache } from "./compile-cache.js";
import { measureTextCoverage } from "./excessive-text.js";
import type { LineRule } from "./line-rule.js";
import { buildLineText, type LineText, wordsInRange } from "./line-text.js";
import { NEAR_MISS_WORDS } from "./near-miss-words.js";
import { foldText } from "./normalize-text.js";
import { PhraseMatcher } from "./phrase-matcher.js";
import { priceOrPromoRule } from "./price-or-promo.js";
import { profanityRule } from "./profanity.js";
import { qualityName, type TextMatch } from "./text-match.js";
import { type TextRuleSettings, textRuleSettingsFor } from "./text-rule-settings.js";
import { unionBox } from "./union-box.js";
import { urlOrContactRule } from "./url-or-contact.js";

export type { ExtraBannedTerm, TextRuleSettings } from "./text-rule-settings.js";
export { defaultTextRuleSettings, textRuleSettingsFor } from "./text-rule-settings.js";

/** The codes the text rules own, judged from what OCR read. */
export const TEXT_RULE_CODES = [
  "PROFANITY",
  "URL_OR_CONTACT",
  "PRICE_OR_PROMO",
  "COMPETITOR_BRAND",
  "AVAILABILITY_DATE",
  "EXCESSIVE_TEXT",
] as const satisfies readonly ViolationCode[];

/** An OCR line as the text rules read it, with the spans the allowed terms cover. */
interface PageLine {
  text: LineText;
  allowed: readonly { start: number; end: number }[];
}

/** What OCR read, prepared once for every text rule. */
export interface TextPage {
  readonly ocr: OcrObservation;
  readonly settings: TextRuleSettings;
  readonly lines: readonly PageLine[];
}

/** A finding and where it lies: a range of a line's folded text (none for the whole poster). */
export interface TextFinding extends Finding {
  at?: { line: number; start: number; end: number };
}

type TextRule = Rule<TextPage, unknown, TextFinding>;

// The word-list rules, built once per way of judging hashtags.
const fixedRules = new Map<boolean, TextRule[]>();

/**
 * Compiled once per word list: by the list object first (a resolved policy is reused poster
 * after poster, and its lists with it), then by content (equal settings in fresh objects).
 */
class ListCache<V> {
  private readonly byContent = new CompileCache<V>();
  private readonly byList = new WeakMap<object, WeakMap<object, V>>();

  get(first: object, second: object, build: () => V): V {
    let bySecond = this.byList.get(first);
    if (!bySecond) {
      bySecond = new WeakMap();
      this.byList.set(first, bySecond);
    }
    let value = bySecond.get(second);
    if (value === undefined) {
      value = this.byContent.get([first, second], build);
      bySecond.set(second, value);
    }
    return value;
  }
}

const brandRules = new ListCache<TextRule>();
const bannedRules = new ListCache<TextRule[]>();
// By content: with a known title, the allowed terms are a fresh list for every poster.
const allowedMatchers = new CompileCache<PhraseMatcher>();
const NONE = {};

/** The text rules under `settings`, in order: the fixed lists, the brands, the policy's banned terms, the text's share. */
function textRules(settings: TextRuleSettings): TextRule[] {
  const hashtags = !settings.hashtagsAllowed;
  let fixed = fixedRules.get(hashtags);
  if (!fixed) {
    fixed = [profanityRule(), urlOrContactRule({ hashtags }), priceOrPromoRule(), availabilityDateRule()].map(
      onEveryLine,
    );
    fixedRules.set(hashtags, fixed);
  }
  const { competitorBrands, ownBrands, extraBannedTerms } = settings;
  return [
    ...fixed,
    brandRules.get(competitorBrands, ownBrands, () =>
      onEveryLine(competitorBrandRule(competitorBrands, ownBrands)),
    ),
    ...bannedRules.get(extraBannedTerms, NONE, () => bannedTermRules(extraBannedTerms).map(onEveryLine)),
    EXCESSIVE_TEXT,
  ];
}

function allowedMatcher(allowedTerms: readonly string[]): PhraseMatcher {
  return allowedMatchers.get(
    allowedTerms,
    () => new PhraseMatcher(allowedTerms, { nearMissWords: NEAR_MISS_WORDS }),
  );
}

/** Lines are built on first use. */
class LazyTextPage implements TextPage {
  private built: PageLine[] | undefined;

  constructor(
    readonly ocr: OcrObservation,
    readonly settings: TextRuleSettings,
  ) {}

  get lines(): readonly PageLine[] {
    this.built ??= this.build();
    return this.built;
  }

  private build(): PageLine[] {
    const allowed = allowedMatcher(this.settings.allowedTerms);
    const words = allowedWords(this.settings.allowedTerms);
    return this.ocr.lines.map((ocrLine, index) => {
      const text = buildLineText(ocrLine, index);
      const found = allowed.size > 0 ? allowed.find(text.tokens) : [];
      const only = text.tokens.length === 1 ? text.tokens[0] : undefined;
      // A title set a word to a line ("HUNT / FOR / RED / OCTOBER"): each of its lines is the title's.
      if (only && words.has(only.raw))
        found.push({ term: only.raw, start: only.start, end: only.end, quality: 1 });
      return { text, allowed: found };
    });
  }
}

/** The words (four letters or more) of the allowed terms of several words, such as a known title. */
const allowedWordSets = new CompileCache<Set<string>>();

function allowedWords(allowedTerms: readonly string[]): Set<string> {
  return allowedWordSets.get(allowedTerms, () => {
    const words = allowedTerms
      .map((term) =>
        foldText(term)
          .split(/[^a-z0-9']+/)
          .filter((word) => word.length >= 4),
      )
      .filter((termWords) => termWords.length >= 2);
    return new Set(words.flat());
  });
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/** Whether a word is the allowed terms' (the title's among them): inside a span they cover, or one of their words. */
function isAllowedWord(page: TextPage, lineIndex: number, wordIndex: number): boolean {
  const line = page.lines[lineIndex];
  if (!line) return false;
  const start = line.text.wordStarts[wordIndex] ?? 0;
  const end = line.text.wordEnds[wordIndex] ?? start;
  if (line.allowed.some((span) => span.start <= start && end <= span.end)) return true;
  return allowedWords(page.settings.allowedTerms).has(line.text.text.slice(start, end));
}

/** A line rule's matches on every line, the allowed terms aside, located on the poster. */
function onEveryLine(rule: LineRule): TextRule {
  return {
    code: rule.code,
    judge(page: TextPage): TextFinding[] {
      const findings: TextFinding[] = [];
      for (const { text: line, allowed } of page.lines) {
        for (const match of rule.find(line)) {
          if (allowed.some((span) => match.start >= span.start && match.end <= span.end)) continue;
          const finding = locate(line, rule, match);
          if (finding) findings.push(finding);
        }
      }
      return findings;
    },
  };
}

function locate(line: LineText, rule: LineRule, match: TextMatch): TextFinding | undefined {
  const { first, last } = wordsInRange(line, match.start, match.end);
  if (first < 0) return undefined;
  const words = line.words.slice(first, last + 1);
  const ocrConfidence = Math.min(...words.map((w) => w.confidence));
  const text = words.map((w) => w.text).join(" ");
  return {
    code: rule.code,
    confidence: round(Math.max(0, Math.min(1, ocrConfidence * match.quality))),
    message: rule.describe(match, text),
    evidence: {
      text,
      boxes: [unionBox(words.map((w) => w.box))],
      measured: { term: match.term, match: qualityName(match.quality) },
    },
    at: { line: line.index, start: match.start, end: match.end },
  };
}

const EXCESSIVE_TEXT: TextRule = {
  code: "EXCESSIVE_TEXT",
  judge(page: TextPage): TextFinding[] {
    const { ocr, settings } = page;
    const coverage = measureTextCoverage(ocr, (lineIndex, wordIndex) =>
      isAllowedWord(page, lineIndex, wordIndex),
    );
    const limit = settings.excessiveTextMaxAreaFraction;
    if (coverage.fraction <= limit) return [];
    const percent = (share: number) => `${Math.round(share * 1000) / 10} %`;
    return [
      {
        code: "EXCESSIVE_TEXT",
        confidence: round(coverage.confidence),
        message: `Text covers ${percent(coverage.fraction)} of the poster, more than the ${percent(limit)} allowed.`,
        evidence: {
          measured: { textAreaFraction: Math.round(coverage.fraction * 10_000) / 10_000 },
          limit: { maxTextAreaFraction: limit },
          boxes: coverage.lineBoxes,
        },
      },
    ];
  },
};

type Placed = TextFinding & { at: NonNullable<TextFinding["at"]> };

/** Per line and code, the longest (then most confident) findings that do not overlap, in reading order. */
function selectInLine(findings: Placed[]): Placed[] {
  const length = (f: Placed) => f.at.end - f.at.start;
  const ranked = [...findings].sort(
    (a, b) => length(b) - length(a) || b.confidence - a.confidence || a.at.start - b.at.start,
  );
  const kept: Placed[] = [];
  for (const finding of ranked) {
    const overlaps = kept.some(
      (k) => k.code === finding.code && k.at.start < finding.at.end && finding.at.start < k.at.end,
    );
    if (!overlaps) kept.push(finding);
  }
  return kept.sort((a, b) => a.at.start - b.at.start);
}

/** Line by line, the findings that stand; then those about the whole poster. */
function selectTextFindings(findings: TextFinding[]): TextFinding[] {
  const byLine = new Map<number, Placed[]>();
  const whole: TextFinding[] = [];
  for (const finding of findings) {
    if (!finding.at) {
      whole.push(finding);
      continue;
    }
    const line = byLine.get(finding.at.line);
    if (line) line.push(finding as Placed);
    else byLine.set(finding.at.line, [finding as Placed]);
  }
  const lines = [...byLine.keys()].sort((a, b) => a - b);
  return [...lines.flatMap((line) => selectInLine(byLine.get(line) ?? [])), ...whole];
}

function textFamily<C extends PolicyContext>(
  settingsOf: (context: C) => TextRuleSettings,
): RuleFamily<OcrObservation, TextPage, C, TextFinding> {
  return {
    codes: TEXT_RULE_CODES,
    rules: (context) => textRules(settingsOf(context)),
    prepare: (ocr, context) => new LazyTextPage(ocr, settingsOf(context)),
    select: selectTextFindings,
  };
}

/**
 * The text rules, judging what OCR read on a poster: profanity, contact details, prices and
 * promotions, competitor brands, availability dates, policy-banned terms and the share of the
 * poster covered by text. The policy's allowed terms and the poster's known title raise nothing.
 */
export const TEXT_RULES = textFamily((context: RuleContext) =>
  textRuleSettingsFor(context.policy, context.title),
);

/**
 * Judges what OCR read against the text rules under `settings`, as the engine does: only rules
 * enabled in `settings.rules` raise, with that rule's severity, and nothing under its
 * minConfidence. Pure: no I/O (compiled word lists are cached by content).
 */
export function judgeText(ocr: OcrObservation, settings: TextRuleSettings, detectorId: string): Violation[] {
  return judgeWithRules(
    textFamily(() => settings),
    ocr,
    { policy: { rules: settings.rules } },
    detectorId,
  );
}
