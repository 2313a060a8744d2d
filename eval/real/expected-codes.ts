import { type Policy, ruleFor } from "../../src/domain/policy.js";
import type { ViolationCode } from "../../src/domain/violation.js";
import type { LabelledPoster } from "./real-labels.js";

/** Codes the labels speak for: a raise of any other code is listed, not scored. */
export const LABELLED_CODES: readonly ViolationCode[] = [
  "URL_OR_CONTACT",
  "PRICE_OR_PROMO",
  "COMPETITOR_BRAND",
  "AVAILABILITY_DATE",
  "PROFANITY",
  "EXCESSIVE_TEXT",
  "TITLE_MISSING",
  "CREDITS_BLOCK",
  "CRITIC_QUOTE",
  "AWARD_REFERENCE",
  "FORMAT_CALLOUT",
  "NUDITY",
  "SUGGESTIVE",
  "VIOLENCE",
  "WEAPONS",
  "DRUGS_ALCOHOL",
  "HATE_SYMBOLS",
];

export const TEXT_AND_SPEC_CODES: readonly ViolationCode[] = LABELLED_CODES.slice(0, 11);
export const CONTENT_CODES: readonly ViolationCode[] = LABELLED_CODES.slice(11);

export interface PosterExpectation {
  /** Codes the policy asks for that the poster surely carries. */
  expected: ViolationCode[];
  /** Codes neither counted as a hit nor as a false alarm: labelled uncertain. */
  ignored: ViolationCode[];
}

/**
 * What a poster should raise under a policy: its sure codes whose rule is on, a competitor's
 * badge when a platform other than the one judging is on the art, and TITLE_MISSING where the
 * artwork type requires the title and none is shown.
 */
export function expectationFor(poster: LabelledPoster, policy: Policy): PosterExpectation {
  const enabled = (code: ViolationCode) => ruleFor(policy, code).enabled;
  const facts = new Set<ViolationCode>(poster.codes);
  if (poster.brands.some((brand) => brand !== policy.platform)) facts.add("COMPETITOR_BRAND");
  if (!poster.titleShown && policy.artwork.titleRequired) facts.add("TITLE_MISSING");
  const ignored = poster.uncertain.filter((code) => !facts.has(code));
  return {
    expected: [...facts].filter((code) => enabled(code) && LABELLED_CODES.includes(code)),
    ignored,
  };
}
