import {
  AVAILABILITY_TERMS,
  MONTH_PATTERN,
  RELEASE_VERB_PATTERN,
  SEASON_PATTERN,
  WEEKDAY_PATTERN,
} from "./availability-terms.js";
import type { LineRule } from "./line-rule.js";
import type { LineText } from "./line-text.js";
import { NEAR_MISS_WORDS } from "./near-miss-words.js";
import { PhraseMatcher } from "./phrase-matcher.js";
import { regexMatches } from "./regex-matches.js";
import type { TextMatch } from "./text-match.js";

const NUMERIC_DATE = /(?<![\d./-])(\d{1,2})([./-])(\d{1,2})\2(?:\d{4}|\d{2})(?![./-]?\d)/g;
const ISO_DATE = /(?<![\d./-])(?:19|20)\d{2}([./-])(\d{1,2})\1(\d{1,2})(?![./-]?\d)/g;
const MONTH_DAY = new RegExp(
  `\\b${MONTH_PATTERN}\\.?\\s?(\\d{1,2})(?:st|nd|rd|th)?(?!\\d)(?:,?\\s(?:19|20)\\d{2})?\\b`,
  "g",
);
const DAY_MONTH = new RegExp(
  `\\b(\\d{1,2})(?:st|nd|rd|th)?\\s?(?:of\\s)?${MONTH_PATTERN}\\b\\.?(?:,?\\s(?:19|20)\\d{2}\\b)?`,
  "g",
);
const RELEASE_DAY = new RegExp(
  `\\b${RELEASE_VERB_PATTERN}\\s(?:on\\s|this\\s|next\\s)?(?:${WEEKDAY_PATTERN}|tomorrow|today|tonight|(\\d{1,2})[/.](\\d{1,2})(?![/.]?\\d)|${MONTH_PATTERN}(?:\\.?\\s?\\d{1,2}(?:st|nd|rd|th)?(?!\\d))?)\\b`,
  "g",
);
const RELEASE_WINDOW = new RegExp(`\\b(?:this|next)\\s${SEASON_PATTERN}\\b`, "g");

const isDay = (value: string | undefined) => Number(value) >= 1 && Number(value) <= 31;
const isMonth = (value: string | undefined) => Number(value) >= 1 && Number(value) <= 12;

/** One of two numbers is a month, the other a day (12/25 or 25.12). */
const isDayAndMonth = (a: string | undefined, b: string | undefined) =>
  (isMonth(a) && isDay(b)) || (isDay(a) && isMonth(b));

function numericDateQuality(m: RegExpExecArray): number {
  return isDayAndMonth(m[1], m[3]) ? 1 : 0;
}

/** "premieres 9/15" names a day; "open 24/7" does not. */
function releaseDayQuality(m: RegExpExecArray): number {
  const [a, b] = [m[1], m[2]];
  if (a === undefined || b === undefined) return 1;
  if (a === "24" && b === "7") return 0;
  return isDayAndMonth(a, b) ? 1 : 0;
}

/**
 * AVAILABILITY_DATE: release wording ("coming soon", "in theaters", "out now"),
 * calendar dates in numeric, ISO and written forms, "streaming Friday", "this summer".
 * A bare year, and a month with only a year ("June 1944"), are allowed.
 */
export function availabilityDateRule(): LineRule {
  const words = new PhraseMatcher(AVAILABILITY_TERMS, { nearMissWords: NEAR_MISS_WORDS });
  return {
    code: "AVAILABILITY_DATE",
    find(line: LineText): TextMatch[] {
      const text = line.text;
      return [
        ...regexMatches(text, NUMERIC_DATE, "date", numericDateQuality),
        ...regexMatches(text, ISO_DATE, "date", (m) => (isMonth(m[2]) && isDay(m[3]) ? 1 : 0)),
        ...regexMatches(text, MONTH_DAY, "date", (m) => (isDay(m[1]) ? 1 : 0)),
        ...regexMatches(text, DAY_MONTH, "date", (m) => (isDay(m[1]) ? 1 : 0)),
        ...regexMatches(text, RELEASE_DAY, "release day", releaseDayQuality),
        ...regexMatches(text, RELEASE_WINDOW, "release window"),
        ...words.find(line.tokens),
      ];
    },
    describe: (match, text) =>
      match.term === "date"
        ? `The poster shows a date: "${text}".`
        : `The poster announces availability ("${match.term}"): "${text}".`,
  };
}
