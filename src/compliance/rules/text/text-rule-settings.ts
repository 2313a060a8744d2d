import type { PolicyContent, RuleSettings } from "../../../domain/policy.js";
import type { ViolationCode } from "../../../domain/violation.js";
import type { ExtraBannedTerm } from "./banned-terms.js";
import { DEFAULT_COMPETITOR_BRANDS } from "./competitor-brands.js";

export type { ExtraBannedTerm } from "./banned-terms.js";

export interface TextRuleSettings {
  /** Only enabled rules raise; severity and minConfidence come from here. */
  rules: Partial<Record<ViolationCode, RuleSettings>>;
  /** The poster's platform's own names: never a competitor (with their brand family). */
  ownBrands: readonly string[];
  competitorBrands: readonly string[];
  /** Policy terms, each raising the code it is configured for. */
  extraBannedTerms: readonly ExtraBannedTerm[];
  /** Text inside one of these (a known title such as "Free Guy") raises nothing. */
  allowedTerms: readonly string[];
  /** EXCESSIVE_TEXT raises above this share of the image covered by text boxes. */
  excessiveTextMaxAreaFraction: number;
  /** False: a hashtag is URL_OR_CONTACT. */
  hashtagsAllowed: boolean;
}

const rule = (severity: RuleSettings["severity"]): RuleSettings => ({
  enabled: true,
  severity,
  minConfidence: 0.5,
});

/** Every text rule on, the default streaming-service list, no own brand. */
export function defaultTextRuleSettings(overrides: Partial<TextRuleSettings> = {}): TextRuleSettings {
  return {
    rules: {
      PROFANITY: rule("HIGH"),
      URL_OR_CONTACT: rule("MEDIUM"),
      PRICE_OR_PROMO: rule("MEDIUM"),
      COMPETITOR_BRAND: rule("HIGH"),
      AVAILABILITY_DATE: rule("MEDIUM"),
      EXCESSIVE_TEXT: rule("LOW"),
    },
    ownBrands: [],
    competitorBrands: DEFAULT_COMPETITOR_BRANDS,
    extraBannedTerms: [],
    allowedTerms: [],
    excessiveTextMaxAreaFraction: 0.25,
    hashtagsAllowed: true,
    ...overrides,
  };
}

/**
 * The text settings of a resolved policy. The poster's known title joins the allowed
 * terms, so that a title such as "Free Guy" or "Rent" is not read as a promotion.
 */
export function textRuleSettingsFor(
  policy: Pick<PolicyContent, "rules" | "text">,
  title?: string,
): TextRuleSettings {
  const { text } = policy;
  const knownTitle = title?.trim();
  return {
    rules: policy.rules,
    ownBrands: text.ownBrands,
    competitorBrands: text.competitorBrands,
    extraBannedTerms: text.bannedTerms,
    allowedTerms: knownTitle ? [...text.allowedTerms, knownTitle] : text.allowedTerms,
    excessiveTextMaxAreaFraction: text.maxTextAreaFraction,
    hashtagsAllowed: text.hashtagsAllowed ?? true,
  };
}
