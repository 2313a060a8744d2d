import { compareToken, type PatternToken, type TokenCompareOptions } from "../text/compare-token.js";
import { withinOneEdit } from "../text/edit-distance.js";
import { foldText } from "../text/normalize-text.js";
import { MATCH_QUALITY } from "../text/text-match.js";
import { type Token, tokenizeWord } from "../text/tokenize.js";
import { continuesBelow, type PageLine, type SpecPage } from "./spec-page.js";

/**
 * Small words a title treatment often sets so small that OCR misses them ("THE" above
 * "BATMAN", "of the" in "LORD of the RINGS"): they may be missing from the art.
 */
const OPTIONAL_WORDS = new Set(["the", "a", "an", "of"]);
/** Optional words stay required when the rest is this short: "The One" needs its "The". */
const MIN_SIGNIFICANT_LENGTH = 4;
/** A title shorter than this ("Up", "It", "Jaws") only counts as whole lines, not inside a tagline. */
const SHORT_TITLE_LENGTH = 5;
const MAX_TITLE_LINES = 3;
/** OCR splits a word into at most this many pieces (`HORI ZON`), or joins this many (`THELAST`). */
const MAX_PIECES = 3;
const FUZZY_MIN_LENGTH = 5;

const COMPARE: TokenCompareOptions = {
  fuzzyMinLength: FUZZY_MIN_LENGTH,
  allowMasks: false,
  nearMissWords: new Set(),
};

interface TitleWord extends PatternToken {
  optional: boolean;
}

export interface CompiledTitle {
  title: string;
  words: readonly TitleWord[];
  /** Whether a match must fill its lines (short titles). */
  wholeLines: boolean;
}

/** Where a title sits: consecutive words of one to three stacked lines. */
export interface TitleSegment {
  line: PageLine;
  firstWord: number;
  lastWord: number;
}

export interface TitleOccurrence {
  quality: number;
  segments: TitleSegment[];
}

/**
 * Tokens for title matching. Apostrophes are dropped before splitting, so that
 * "Don't" and "DONT" (and "Schindler's", "SCHINDLERS") compare whole.
 */
function titleTokens(text: string, wordIndex: number): Token[] {
  return tokenizeWord(foldText(text).replaceAll("'", ""), 0, wordIndex);
}

/**
 * The title's words, folded. "&" and "and" are left out on both sides ("Fast & Furious"
 * reads "FAST AND FURIOUS"). Undefined for a title with no Latin letter or digit, which
 * English OCR cannot read back.
 */
export function compileTitle(title: string): CompiledTitle | undefined {
  const tokens = titleTokens(title, 0).filter((t) => t.raw !== "and");
  if (tokens.length === 0) return undefined;
  const significant = tokens.filter((t) => !OPTIONAL_WORDS.has(t.raw));
  const significantLength = significant.reduce((sum, t) => sum + t.skel.length, 0);
  const canSkip = significantLength >= MIN_SIGNIFICANT_LENGTH;
  const words = tokens.map(({ raw, skel, squeezed }) => ({
    raw,
    skel,
    squeezed,
    optional: canSkip && OPTIONAL_WORDS.has(raw),
  }));
  const length = words.reduce((sum, w) => sum + w.skel.length, 0);
  return { title, words, wholeLines: length < SHORT_TITLE_LENGTH };
}

function joinedQuality(text: string, pattern: string): number {
  if (text === pattern) return MATCH_QUALITY.normalised;
  return pattern.length >= FUZZY_MIN_LENGTH && withinOneEdit(text, pattern) ? MATCH_QUALITY.fuzzy : 0;
}

interface Search {
  title: CompiledTitle;
  page: SpecPage;
  tokens: readonly (readonly Token[])[];
  best?: TitleOccurrence;
}

interface Cursor {
  line: number;
  pos: number;
  word: number;
  quality: number;
  done: TitleSegment[];
  segmentStart: number;
}

function segmentOf(search: Search, cursor: Cursor): TitleSegment {
  const tokens = search.tokens[cursor.line] as readonly Token[];
  return {
    line: search.page.lines[cursor.line] as PageLine,
    firstWord: (tokens[cursor.segmentStart] as Token).wordIndex,
    lastWord: (tokens[cursor.pos - 1] as Token).wordIndex,
  };
}

function finish(search: Search, cursor: Cursor): void {
  if (cursor.pos === cursor.segmentStart) return;
  if (search.title.wholeLines) {
    const tokens = search.tokens[cursor.line] as readonly Token[];
    if (cursor.pos !== tokens.length) return;
    if (cursor.done.length === 0 && cursor.segmentStart !== 0) return;
  }
  if (search.best && search.best.quality >= cursor.quality) return;
  search.best = { quality: cursor.quality, segments: [...cursor.done, segmentOf(search, cursor)] };
}

function step(search: Search, cursor: Cursor): void {
  if (search.best?.quality === MATCH_QUALITY.exact) return;
  const { words } = search.title;
  if (cursor.word === words.length) {
    finish(search, cursor);
    return;
  }
  const tokens = search.tokens[cursor.line] as readonly Token[];
  const word = words[cursor.word] as TitleWord;
  if (word.optional) step(search, { ...cursor, word: cursor.word + 1 });
  if (cursor.pos === tokens.length) {
    continueOnNextLine(search, cursor);
    return;
  }
  const token = tokens[cursor.pos] as Token;
  if (cursor.word > 0 && token.raw === "and") step(search, { ...cursor, pos: cursor.pos + 1 });
  const advance = (tokensUsed: number, wordsUsed: number, quality: number) => {
    if (quality <= 0) return;
    step(search, {
      ...cursor,
      pos: cursor.pos + tokensUsed,
      word: cursor.word + wordsUsed,
      quality: Math.min(cursor.quality, quality),
    });
  };
  advance(1, 1, compareToken(token, word, COMPARE));
  let joinedText = token.core;
  for (let k = 2; k <= MAX_PIECES && cursor.pos + k <= tokens.length; k++) {
    joinedText += (tokens[cursor.pos + k - 1] as Token).core;
    advance(k, 1, joinedQuality(joinedText, word.skel));
  }
  let joinedTitle = word.skel;
  for (let m = 2; m <= MAX_PIECES && cursor.word + m <= words.length; m++) {
    joinedTitle += (words[cursor.word + m - 1] as TitleWord).skel;
    advance(1, m, joinedQuality(token.core, joinedTitle));
  }
}

/** A title set over several lines goes on at the start of the line stacked below. */
function continueOnNextLine(search: Search, cursor: Cursor): void {
  if (cursor.pos === cursor.segmentStart || cursor.done.length + 1 >= MAX_TITLE_LINES) return;
  if (search.title.wholeLines && cursor.done.length === 0 && cursor.segmentStart !== 0) return;
  const done = [...cursor.done, segmentOf(search, cursor)];
  const current = search.page.lines[cursor.line] as PageLine;
  search.page.lines.forEach((next, index) => {
    if (index === cursor.line || !continuesBelow(current, next)) return;
    step(search, { ...cursor, line: index, pos: 0, done, segmentStart: 0 });
  });
}

/** Title tokens of every page line, in page order. */
export function pageTitleTokens(page: SpecPage): Token[][] {
  return page.lines.map((line) => line.text.words.flatMap((w, i) => titleTokens(w.text, i)));
}

/**
 * The best place where the title is written: its words in order, consecutive, on one line
 * or at the end of one line and the start of the next (up to three stacked lines), each word
 * tolerant of case, diacritics, punctuation, confusable characters, split or joined words and,
 * from five letters, one wrong character. Undefined when the title is not there.
 */
export function locateTitle(
  page: SpecPage,
  title: CompiledTitle,
  tokens: readonly (readonly Token[])[] = pageTitleTokens(page),
): TitleOccurrence | undefined {
  const search: Search = { title, page, tokens };
  tokens.forEach((lineTokens, line) => {
    for (let pos = 0; pos < lineTokens.length; pos++) {
      step(search, { line, pos, word: 0, quality: MATCH_QUALITY.exact, done: [], segmentStart: pos });
    }
  });
  return search.best;
}

/** A title word this long is distinctive enough to count when read out of place. */
const DISTINCTIVE_LENGTH = 4;

/** How many of the title's distinctive words OCR read anywhere on the poster. */
export function titleWordsRead(
  title: CompiledTitle,
  tokens: readonly (readonly Token[])[],
): { found: number; total: number } {
  const required = title.words.filter((w) => !w.optional && w.skel.length >= DISTINCTIVE_LENGTH);
  const found = required.filter((word) =>
    tokens.some((line) => line.some((token) => compareToken(token, word, COMPARE) > 0)),
  ).length;
  return { found, total: required.length };
}
