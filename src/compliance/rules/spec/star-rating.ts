import { regexMatches } from "../text/regex-matches.js";
import type { TextMatch } from "../text/text-match.js";

/** Folded text: NFKD turns "½" into "1⁄2" (with a fraction slash). */
const HALF = "(?:½|1⁄2|1/2)";
const STAR_GLYPHS = new RegExp(`[★☆✩✪✫✬✭✮✯✰⭐]{3,}(?:\\s?${HALF})?`, "g");
/** OCR often reads ★ as `*`: a run of three to five on its own. */
const ASTERISKS = new RegExp(`(?<!\\S)\\*{3,5}(?:\\s?${HALF})?(?!\\S)`, "g");
const STARS_IN_WORDS = new RegExp(
  `(?<![\\w.,/])[1-5](?:[.,]5|\\s?${HALF})?\\s?(?:(?:/|out of)\\s?5\\s?)?[\\s-]?stars?\\b`,
  "g",
);

const ASTERISK_QUALITY = 0.8;

/** Star ratings in a line's folded text: "★★★★", "★★★★½", "4/5 stars", "5 stars", "****". */
export function starRatings(text: string): TextMatch[] {
  return [
    ...regexMatches(text, STAR_GLYPHS, "star rating"),
    ...regexMatches(text, ASTERISKS, "star rating", () => ASTERISK_QUALITY),
    ...regexMatches(text, STARS_IN_WORDS, "star rating"),
  ];
}
