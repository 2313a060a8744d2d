import type { LineRule } from "./line-rule.js";
import type { LineText } from "./line-text.js";
import { NEAR_MISS_WORDS } from "./near-miss-words.js";
import { PhraseMatcher } from "./phrase-matcher.js";
import { PROMO_TERMS } from "./promo-terms.js";
import { regexMatches } from "./regex-matches.js";
import type { TextMatch } from "./text-match.js";

const SYMBOL = "[$€£¥₹₩₽]";
const AMOUNT = "\\d+(?:[.,]\\d+)*";
const CODE = "(?:usd|eur|gbp|cad|aud|nzd|chf|jpy|inr|sek|nok|dkk|pln|brl|mxn)";
const WORD = "(?:dollars?|euros?|pounds?|bucks|cents?|quid)";
const NOT_AFTER_NUMBER = "(?<![\\w.,])";

/** OCR reads texture beside a year as a currency sign ("$2024", "£1999"): a bare year is no price. */
const NOT_A_YEAR = "(?!(?:19|20)\\d{2}(?![\\d.,]))";

const PRICE_PATTERNS: readonly RegExp[] = [
  new RegExp(`${SYMBOL}${NOT_A_YEAR}\\s?${AMOUNT}`, "g"),
  new RegExp(`${NOT_AFTER_NUMBER}${AMOUNT}\\s?${SYMBOL}`, "g"),
  new RegExp(`\\b${CODE}\\s?${AMOUNT}`, "g"),
  new RegExp(`${NOT_AFTER_NUMBER}${AMOUNT}\\s?${CODE}\\b`, "g"),
  new RegExp(`${NOT_AFTER_NUMBER}${AMOUNT}\\s${WORD}\\b`, "g"),
];
const PERCENT = "\\d{1,3}(?:[.,]\\d+)?\\s?%";
const DISCOUNT_PATTERNS: readonly RegExp[] = [
  new RegExp(`${NOT_AFTER_NUMBER}${PERCENT}\\s?off\\b`, "g"),
  new RegExp(`\\bsave\\s(?:up\\sto\\s)?${PERCENT}`, "g"),
];

/** PRICE_OR_PROMO: currency amounts, "% off" and promotional wording. */
export function priceOrPromoRule(): LineRule {
  const words = new PhraseMatcher(PROMO_TERMS, { nearMissWords: NEAR_MISS_WORDS });
  return {
    code: "PRICE_OR_PROMO",
    find(line: LineText): TextMatch[] {
      return [
        ...PRICE_PATTERNS.flatMap((pattern) => regexMatches(line.text, pattern, "price")),
        ...DISCOUNT_PATTERNS.flatMap((pattern) => regexMatches(line.text, pattern, "discount")),
        ...words.find(line.tokens),
      ];
    },
    describe: (match, text) =>
      match.term === "price"
        ? `The poster shows a price: "${text}".`
        : `The poster carries promotional wording ("${match.term}"): "${text}".`,
  };
}
