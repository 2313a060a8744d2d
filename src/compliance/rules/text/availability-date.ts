import {
  AVAILABILITY_TERMS,
  FOREIGN_MONTH_PATTERN,
  FOREIGN_RELEASE_TERMS,
  FULL_MONTHS,
  MONTH_PATTERN,
  RELEASE_VERB_PATTERN,
  SEASON_PATTERN,
  WEEKDAY_PATTERN,
  WINDOW_WORD_PATTERN,
} from "./availability-terms.js";
import { withinOneEdit } from "./edit-distance.js";
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
/** "8 de junio", "le 9 novembre", "5 kasim'da", "5. marz", "12 helmikuuta" ("le9" glued too). */
const FOREIGN_DAY_MONTH = new RegExp(
  `(?<!\\d)(\\d{1,2})\\.?\\s?(?:de\\s|di\\s)?${FOREIGN_MONTH_PATTERN}(?:ta|'?da|'?de|n)?\\b`,
  "g",
);
/** "helmikuussa" (in February, Finnish), "im marz". */
const FOREIGN_MONTH_WINDOW = new RegExp(`\\b(?:${FOREIGN_MONTH_PATTERN.slice(3, -1)})(?:ssa|kuussa)\\b`, "g");
/** "12月8日", "12月8号": a month and day in Chinese or Japanese. */
const CJK_MONTH_DAY = /(\d{1,2})\s?月\s?(\d{1,2})\s?[日号]/g;
/**
 * A line that is only a month, season or holiday, with at most a recent year: "NOVEMBER",
 * "SUMMER 2017", "CHRISTMAS". A year before 1990 is a story's date ("June 1944"), not a release.
 */
const LONE_WINDOW = new RegExp(
  `^(?:${FULL_MONTHS.join("|")}|${WINDOW_WORD_PATTERN})(?:\\s(?:19[9]\\d|20\\d{2}))?$`,
);
const DAY_NUMBER = /^\d{1,2}(?:st|nd|rd|th)?$/;

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
 * The text with digits OCR put for letters inside words repaired ("N0VEMBRE", "0CT0BER"):
 * a word of three letters or more holding a 0 or 1 reads them as O and I. Same length, so
 * offsets still point into the original.
 */
function monthsRepaired(text: string): string {
  return text.replace(/[a-z01]+/g, (word) =>
    /[01]/.test(word) && /[a-z]{3}/.test(word) ? word.replaceAll("0", "o").replaceAll("1", "i") : word,
  );
}

function loneWindow(text: string): TextMatch[] {
  const trimmed = text.trim();
  if (!LONE_WINDOW.test(trimmed)) return [];
  const start = text.indexOf(trimmed);
  return [{ term: "release window", start, end: start + trimmed.length, quality: 0.9 }];
}

/**
 * A month OCR misread by one letter before a day: "TuLY 8", "PRIL 27" (the A lost to the art).
 * Only full month names of four letters or more, so "jury 12" or "mary 5" need an exact word.
 */
function misreadMonthDays(line: LineText): TextMatch[] {
  const matches: TextMatch[] = [];
  const tokens = line.tokens;
  for (let i = 0; i + 1 < tokens.length; i++) {
    const month = tokens[i];
    const day = tokens[i + 1];
    if (!month || !day || !DAY_NUMBER.test(day.raw) || !isDay(day.raw.replace(/\D/g, ""))) continue;
    if (FULL_MONTHS.includes(month.raw) || month.raw.length < 4 || MISREAD_EXCLUDED.has(month.raw)) continue;
    if (!FULL_MONTHS.some((name) => withinOneEdit(name, month.raw))) continue;
    matches.push({ term: "date", start: month.start, end: day.end, quality: 0.8 });
  }
  return matches;
}

/** Words one letter away from a month that posters print before numbers. */
const MISREAD_EXCLUDED = new Set(["jury", "julia", "juno", "marco", "marcy", "judy", "jane", "june"]);

/**
 * AVAILABILITY_DATE: release wording ("coming soon", "in theaters", "out now"),
 * calendar dates in numeric, ISO and written forms, "streaming Friday", "this summer".
 * A bare year, and a month with only a year ("June 1944"), are allowed.
 */
export function availabilityDateRule(): LineRule {
  const words = new PhraseMatcher([...AVAILABILITY_TERMS, ...FOREIGN_RELEASE_TERMS], {
    nearMissWords: NEAR_MISS_WORDS,
  });
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
        ...regexMatches(monthsRepaired(text), FOREIGN_DAY_MONTH, "date", (m) => (isDay(m[1]) ? 1 : 0)),
        ...regexMatches(monthsRepaired(text), MONTH_DAY, "date", (m) => (isDay(m[1]) ? 0.9 : 0)),
        ...regexMatches(monthsRepaired(text), DAY_MONTH, "date", (m) => (isDay(m[1]) ? 0.9 : 0)),
        ...regexMatches(text, FOREIGN_MONTH_WINDOW, "release window"),
        ...regexMatches(text, CJK_MONTH_DAY, "date", (m) => (isMonth(m[1]) && isDay(m[2]) ? 1 : 0)),
        ...loneWindow(text),
        ...misreadMonthDays(line),
        ...words.find(line.tokens),
      ];
    },
    describe: (match, text) =>
      match.term === "date"
        ? `The poster shows a date: "${text}".`
        : `The poster announces availability ("${match.term}"): "${text}".`,
  };
}
