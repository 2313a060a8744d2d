import { compareToken, type PatternToken, type TokenCompareOptions } from "./compare-token.js";
import { withinOneEdit } from "./edit-distance.js";
import { foldText } from "./normalize-text.js";
import { MATCH_QUALITY, type TextMatch } from "./text-match.js";
import { type Token, tokenizePhrase } from "./tokenize.js";

export interface PhraseMatcherOptions {
  /** Pattern words at least this long also match one edit away (default 5; `Infinity`: never). */
  fuzzyMinLength?: number;
  /** Whether `*`/`#` in the text stand for hidden letters (default false). */
  allowMasks?: boolean;
  /** Ordinary words (and word pairs, `show time`) that must never be taken for a misread term. */
  nearMissWords?: ReadonlySet<string>;
}

interface CompiledPhrase {
  term: string;
  tokens: PatternToken[];
  /** The skeletons joined without spaces. */
  compact: string;
}

/**
 * Spacing is only ignored for terms at least this long, so that `Ma x` never reads as
 * `Max`, nor `as s` as `ass`.
 */
const MIN_COLLAPSED_LENGTH = 5;
/** A single-word term split by OCR into at most this many pieces is still found. */
const MAX_PIECES = 4;

function compile(term: string): CompiledPhrase | undefined {
  const tokens = tokenizePhrase(foldText(term)).map(({ raw, skel, squeezed }) => ({ raw, skel, squeezed }));
  if (tokens.length === 0) return undefined;
  return { term, tokens, compact: tokens.map((t) => t.skel).join("") };
}

/**
 * Finds word-list terms in a line's tokens, tolerating case, diacritics, confusable
 * characters, OCR spacing (`Net flix`), repeated letters, masks and, for long words,
 * one edit. A match always starts and ends on token boundaries.
 */
export class PhraseMatcher {
  private readonly phrases: CompiledPhrase[];
  private readonly byCompact = new Map<string, CompiledPhrase[]>();
  // Phrases by what their first word can match, so that a text word tests only a few.
  private readonly byFirstSkel = new Map<string, CompiledPhrase[]>();
  private readonly byFirstSqueezed = new Map<string, CompiledPhrase[]>();
  private readonly fuzzyByFirstLength = new Map<number, CompiledPhrase[]>();
  private readonly fuzzySingleWordsByLength = new Map<number, CompiledPhrase[]>();
  private readonly maxCompactLength: number;
  private readonly compareOptions: TokenCompareOptions;

  constructor(terms: readonly string[], options: PhraseMatcherOptions = {}) {
    this.compareOptions = {
      fuzzyMinLength: options.fuzzyMinLength ?? 5,
      allowMasks: options.allowMasks ?? false,
      nearMissWords: options.nearMissWords ?? new Set(),
    };
    this.phrases = terms.map(compile).filter((p): p is CompiledPhrase => p !== undefined);
    for (const phrase of this.phrases) {
      const first = phrase.tokens[0] as PatternToken;
      addTo(this.byCompact, phrase.compact, phrase);
      addTo(this.byFirstSkel, first.skel, phrase);
      addTo(this.byFirstSqueezed, first.squeezed, phrase);
      if (first.skel.length >= this.compareOptions.fuzzyMinLength) {
        addTo(this.fuzzyByFirstLength, first.skel.length, phrase);
      }
    }
    for (const phrase of this.phrases) {
      if (phrase.tokens.length === 1 && phrase.compact.length >= this.compareOptions.fuzzyMinLength) {
        addTo(this.fuzzySingleWordsByLength, phrase.compact.length, phrase);
      }
    }
    this.maxCompactLength = Math.max(0, ...this.phrases.map((p) => p.compact.length));
  }

  get size(): number {
    return this.phrases.length;
  }

  find(tokens: readonly Token[]): TextMatch[] {
    const matches: TextMatch[] = [];
    for (let i = 0; i < tokens.length; i++) {
      this.findAligned(tokens, i, matches);
      this.findCollapsed(tokens, i, matches);
    }
    return matches;
  }

  /** Text words that line up one for one with the term's words. */
  private findAligned(tokens: readonly Token[], i: number, out: TextMatch[]): void {
    for (const phrase of this.candidatesStartingWith(tokens[i] as Token)) {
      const count = phrase.tokens.length;
      if (i + count > tokens.length) continue;
      let quality: number = MATCH_QUALITY.exact;
      for (let k = 0; k < count && quality > 0; k++) {
        const text = tokens[i + k] as Token;
        quality = Math.min(
          quality,
          compareToken(text, phrase.tokens[k] as PatternToken, this.compareOptions),
        );
      }
      if (quality > 0) out.push(span(tokens, i, i + count - 1, quality, phrase.term));
    }
  }

  /** Every phrase whose first word `token` may match (a superset; `compareToken` decides). */
  private candidatesStartingWith(token: Token): readonly CompiledPhrase[] {
    if (token.hasMask && this.compareOptions.allowMasks) return this.phrases;
    const found: CompiledPhrase[] = [];
    addNew(found, this.byFirstSkel.get(token.skel));
    addNew(found, this.byFirstSkel.get(token.core));
    addNew(found, this.byFirstSqueezed.get(token.squeezed));
    for (let length = token.core.length - 1; length <= token.core.length + 1; length++) {
      addNew(found, this.fuzzyByFirstLength.get(length));
    }
    return found;
  }

  /** Text whose spacing differs from the term's: `Net flix`, `preorder`, `comingsoon`. */
  private findCollapsed(tokens: readonly Token[], i: number, out: TextMatch[]): void {
    let joined = "";
    let spaced = "";
    for (let j = i; j < tokens.length && j - i < MAX_PIECES * 2; j++) {
      const token = tokens[j] as Token;
      joined += token.core;
      spaced += j === i ? token.raw : ` ${token.raw}`;
      if (joined.length > this.maxCompactLength + 1) break;
      const pieces = j - i + 1;
      if (pieces > 1 && this.compareOptions.nearMissWords.has(spaced)) continue;
      for (const phrase of this.byCompact.get(joined) ?? []) {
        // Where the words also line up, the aligned match (rated higher) wins the selection.
        if (phrase.compact.length >= MIN_COLLAPSED_LENGTH) {
          out.push(span(tokens, i, j, MATCH_QUALITY.normalised, phrase.term));
        }
      }
      if (pieces < 2 || pieces > MAX_PIECES) continue;
      for (let length = joined.length - 1; length <= joined.length + 1; length++) {
        for (const phrase of this.fuzzySingleWordsByLength.get(length) ?? []) {
          if (phrase.compact !== joined && withinOneEdit(joined, phrase.compact)) {
            out.push(span(tokens, i, j, MATCH_QUALITY.fuzzy, phrase.term));
          }
        }
      }
    }
  }
}

function addNew(into: CompiledPhrase[], phrases: readonly CompiledPhrase[] | undefined): void {
  for (const phrase of phrases ?? []) if (!into.includes(phrase)) into.push(phrase);
}

function addTo<K>(map: Map<K, CompiledPhrase[]>, key: K, phrase: CompiledPhrase): void {
  const list = map.get(key);
  if (list) list.push(phrase);
  else map.set(key, [phrase]);
}

function span(
  tokens: readonly Token[],
  first: number,
  last: number,
  quality: number,
  term: string,
): TextMatch {
  return { start: (tokens[first] as Token).start, end: (tokens[last] as Token).end, quality, term };
}
