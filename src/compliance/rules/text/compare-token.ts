import { withinOneEdit } from "./edit-distance.js";
import { MATCH_QUALITY } from "./text-match.js";
import type { Token } from "./tokenize.js";

export type PatternToken = Pick<Token, "raw" | "skel" | "squeezed">;

export interface TokenCompareOptions {
  /** Pattern tokens at least this long also match one edit away; `Infinity` turns that off. */
  fuzzyMinLength: number;
  /** Whether `*` in the text stands for any one letter (`f*ck`). */
  allowMasks: boolean;
  /** Ordinary words that only ever match exactly, never as a misreading of a term. */
  nearMissWords: ReadonlySet<string>;
}

const MIN_MASKED_LENGTH = 3;

function matchesMasked(text: string, pattern: string): boolean {
  if (text.length !== pattern.length || text.length < MIN_MASKED_LENGTH) return false;
  let shown = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "*") continue;
    if (c !== pattern[i]) return false;
    shown++;
  }
  return shown > 0 && shown < text.length;
}

function runLengths(text: string): number[] {
  const counts: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (i > 0 && text[i] === text[i - 1]) counts[counts.length - 1] = (counts.at(-1) ?? 0) + 1;
    else counts.push(1);
  }
  return counts;
}

/**
 * `fuuuck` for `fuck`, `shiiit` for `shit`: the same letters, every run at least as long
 * as the pattern's. Compared before confusables are unified, else `sallie` would stretch `sale`.
 */
function isElongation(text: Token, pattern: PatternToken): boolean {
  if (text.raw.length <= pattern.raw.length || text.squeezed !== pattern.squeezed) return false;
  const textRuns = runLengths(text.raw);
  return runLengths(pattern.raw).every((count, i) => (textRuns[i] ?? 0) >= count);
}

function nonExactQuality(text: Token, pattern: PatternToken, options: TokenCompareOptions): number {
  if (text.skel === pattern.skel || text.core === pattern.skel) return MATCH_QUALITY.normalised;
  if (options.allowMasks && text.hasMask && matchesMasked(text.skel, pattern.skel)) {
    return MATCH_QUALITY.normalised;
  }
  if (isElongation(text, pattern)) return MATCH_QUALITY.normalised;
  if (
    pattern.skel.length >= options.fuzzyMinLength &&
    text.hasLetter &&
    withinOneEdit(text.core, pattern.skel)
  ) {
    return MATCH_QUALITY.fuzzy;
  }
  return 0;
}

/** The match quality of one text token against one pattern token, 0 when they differ. */
export function compareToken(text: Token, pattern: PatternToken, options: TokenCompareOptions): number {
  if (text.raw === pattern.raw) return MATCH_QUALITY.exact;
  const quality = nonExactQuality(text, pattern, options);
  return quality > 0 && options.nearMissWords.has(text.raw) ? 0 : quality;
}
