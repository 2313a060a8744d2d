import { BRAND_FAMILIES, WORD_LIKE_BRANDS } from "./competitor-brands.js";
import { editDistance } from "./edit-distance.js";
import type { LineRule } from "./line-rule.js";
import type { LineText } from "./line-text.js";
import { NEAR_MISS_WORDS } from "./near-miss-words.js";
import { foldText } from "./normalize-text.js";
import { PhraseMatcher } from "./phrase-matcher.js";
import { MATCH_QUALITY, type TextMatch } from "./text-match.js";
import { tokenizePhrase } from "./tokenize.js";

/** `Disney+`, `disney plus` and `DisneyPlus` share one key. */
function brandKey(name: string): string {
  return tokenizePhrase(foldText(name))
    .map((t) => t.skel)
    .join("");
}

const WORD_LIKE_KEYS = new Set(WORD_LIKE_BRANDS.map(brandKey));

/** The own brands with every other name of their families (`Prime Video` brings `Amazon Prime`). */
export function expandOwnBrands(ownBrands: readonly string[]): string[] {
  const keys = new Set(ownBrands.map(brandKey));
  const family = BRAND_FAMILIES.filter((names) => names.some((name) => keys.has(brandKey(name))));
  return [...new Set([...ownBrands, ...family.flat()])];
}

const within = (inner: TextMatch, outer: TextMatch) => inner.start >= outer.start && inner.end <= outer.end;

/** Whether a word-like name stands where a service's name would: alone, after "on", before "original". */
function readsAsService(line: LineText, match: TextMatch): boolean {
  const first = line.tokens.findIndex((t) => t.start >= match.start);
  const next = line.tokens.findIndex((t) => t.start >= match.end);
  const before = line.tokens[first - 1]?.raw;
  const after = next < 0 ? undefined : line.tokens[next]?.raw;
  if (before === undefined && after === undefined) return true;
  return before === "on" || after === "original" || after === "originals";
}

function lettersOf(text: string): string {
  return foldText(text).replace(/[^a-z0-9]/g, "");
}

/**
 * Letters OCR may get wrong in a stylised "+" logo (Disney+ is read `DisnEp+`, `DiNE+`): two in
 * a long name ending in "+", one where the "+" was read as "-" (a hyphen ends many words:
 * "KIDNEY-") or the name is short ("PANEL-" is no Canal+).
 */
function allowedEdits(brand: string, plus: boolean): number {
  return plus && brand.length >= 6 ? 2 : 1;
}

/**
 * A word ending in the "+" of a service's logo (OCR often reads it as "-") whose letters are
 * within two edits of that service's: the hand-lettered "Disney+" is rarely read exactly.
 */
function plusLogo(raw: string, logos: readonly { name: string; letters: string }[]): string | undefined {
  const plus = raw.endsWith("+");
  if (!plus && !raw.endsWith("-")) return undefined;
  const letters = lettersOf(raw);
  if (letters.length < 4) return undefined;
  return logos.find(({ letters: brand }) => editDistance(letters, brand) <= allowedEdits(brand, plus))?.name;
}

/**
 * COMPETITOR_BRAND: names of other streaming services, tolerant of case, spacing,
 * confusables and (for names of five letters or more) one edit. Word-like names ("Max")
 * count only where they read as a service (see `WORD_LIKE_BRANDS`). The poster's own
 * platform is never a competitor: its names are dropped from the list, and a competitor
 * name inside an own name ("Max" in an own "HBO Max") does not count.
 */
export function competitorBrandRule(
  competitorBrands: readonly string[],
  ownBrands: readonly string[],
): LineRule {
  const own = expandOwnBrands(ownBrands);
  const ownKeys = new Set(own.map(brandKey));
  const competitors = new PhraseMatcher(
    competitorBrands.filter((name) => !ownKeys.has(brandKey(name))),
    { nearMissWords: NEAR_MISS_WORDS },
  );
  const ownNames = new PhraseMatcher(own, { nearMissWords: NEAR_MISS_WORDS });
  const wordLike = new Set(competitorBrands.filter((name) => WORD_LIKE_KEYS.has(brandKey(name))));
  const plusLogos = competitorBrands
    .filter((name) => name.trim().endsWith("+") && !ownKeys.has(brandKey(name)))
    .map((name) => ({ name, letters: lettersOf(name) }))
    .filter(({ letters }) => letters.length >= 4);
  return {
    code: "COMPETITOR_BRAND",
    find(line: LineText): TextMatch[] {
      const found = competitors
        .find(line.tokens)
        .filter((match) => !wordLike.has(match.term) || readsAsService(line, match));
      line.words.forEach((word, index) => {
        const start = line.wordStarts[index] ?? 0;
        const end = line.wordEnds[index] ?? start;
        if (found.some((match) => match.start < end && start < match.end)) return;
        const logo = plusLogo(word.text, plusLogos);
        if (logo) found.push({ term: logo, start, end, quality: MATCH_QUALITY.fuzzy });
      });
      if (found.length === 0 || ownNames.size === 0) return found;
      const ownSpans = ownNames.find(line.tokens);
      return found.filter((match) => !ownSpans.some((span) => within(match, span)));
    },
    describe: (match, text) => `The poster names another streaming service (${match.term}): "${text}".`,
  };
}
