import { skeleton } from "./normalize-text.js";

/** A word-like piece of a line, with its place in the line's folded text. */
export interface Token {
  /** Folded text; masking characters (`*`, `#`) are kept as `*`. */
  raw: string;
  /** `raw` with confusable characters unified (see `skeleton`). */
  skel: string;
  /** `skel` without trailing masks, so `Netflix*` (a footnote mark) still reads `netflix`. */
  core: string;
  /** `raw` with every run of one letter cut to one: `fuuuck` gives `fuck`. */
  squeezed: string;
  hasLetter: boolean;
  hasMask: boolean;
  /** Offsets in the line's folded text. */
  start: number;
  end: number;
  wordIndex: number;
}

/** Characters that belong to a token besides letters and digits: confusables and masks. */
const INNER_SYMBOLS = new Set(["@", "$", "!", "|", "*", "#", "'"]);
const STRIP_LEADING = new Set(["!", "#", "@", "'"]);
const STRIP_TRAILING = new Set(["!", "'", "@", "|"]);
const ALNUM = /[a-z0-9]/;
/** `Netflix's`, `who're`, `don't`: the word is what stands before the apostrophe. */
const CONTRACTION = /'(?:s|t|re|ve|ll|d|m)$/;

function isTokenChar(c: string): boolean {
  return ALNUM.test(c) || INNER_SYMBOLS.has(c);
}

function squeeze(text: string): string {
  let out = "";
  for (const c of text) if (!out.endsWith(c)) out += c;
  return out;
}

function makeToken(raw: string, start: number, end: number, wordIndex: number): Token {
  const skel = skeleton(raw);
  return {
    raw,
    skel,
    core: skel.replace(/\*+$/, ""),
    squeezed: squeeze(raw),
    hasLetter: /[a-z]/.test(raw),
    hasMask: raw.includes("*"),
    start,
    end,
    wordIndex,
  };
}

function pushSegment(
  tokens: Token[],
  text: string,
  from: number,
  to: number,
  offset: number,
  wordIndex: number,
) {
  let start = from;
  let end = to;
  while (start < end && STRIP_LEADING.has(text.charAt(start))) start++;
  while (end > start && STRIP_TRAILING.has(text.charAt(end - 1))) end--;
  const contraction = CONTRACTION.exec(text.slice(start, end));
  if (contraction && contraction.index > 0) end = start + contraction.index;
  const raw = text.slice(start, end).replaceAll("'", "").replaceAll("#", "*");
  if (!ALNUM.test(raw)) return;
  tokens.push(makeToken(raw, offset + start, offset + end, wordIndex));
}

/**
 * Splits one folded OCR word into tokens: `www.net-flix.com` gives `www`, `net`, `flix`,
 * `com`; `Disney+` gives `disney`, `plus`; `sh!t` and `f*ck` stay whole.
 */
export function tokenizeWord(text: string, offset: number, wordIndex: number): Token[] {
  const tokens: Token[] = [];
  let segmentStart = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = text.charAt(i);
    if (i < text.length && isTokenChar(c)) {
      if (segmentStart < 0) segmentStart = i;
      continue;
    }
    if (segmentStart >= 0) pushSegment(tokens, text, segmentStart, i, offset, wordIndex);
    segmentStart = -1;
    if (c === "+") tokens.push(makeToken("plus", offset + i, offset + i + 1, wordIndex));
  }
  return tokens;
}

/** Tokens of a free-standing phrase (a word-list entry). */
export function tokenizePhrase(folded: string): Token[] {
  return tokenizeWord(folded, 0, 0);
}
