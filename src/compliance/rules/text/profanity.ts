import type { LineRule } from "./line-rule.js";
import type { LineText } from "./line-text.js";
import { NEAR_MISS_WORDS } from "./near-miss-words.js";
import { PhraseMatcher } from "./phrase-matcher.js";
import { PROFANITY_WORDS } from "./profanity-words.js";
import type { TextMatch } from "./text-match.js";

/**
 * One-edit matching starts at seven letters here, not five: shorter profanity sits one
 * edit from everyday words ("where"/"whore", "witch"/"bitch", "price"/"prick").
 */
const PROFANITY_FUZZY_MIN_LENGTH = 7;

/** PROFANITY: whole words from the list, also leetspeak (`sh1t`), masked (`f*ck`) or stretched (`fuuuck`). */
export function profanityRule(): LineRule {
  const words = new PhraseMatcher(PROFANITY_WORDS, {
    allowMasks: true,
    fuzzyMinLength: PROFANITY_FUZZY_MIN_LENGTH,
    nearMissWords: NEAR_MISS_WORDS,
  });
  return {
    code: "PROFANITY",
    find: (line: LineText): TextMatch[] => words.find(line.tokens),
    describe: (_match, text) => `The poster shows profanity: "${text}".`,
  };
}
