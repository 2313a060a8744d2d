import { englishWordRank } from "../../rules/text/everyday-words.js";

/** Rarer words than this are not trusted as pieces: the tail of the list holds names and typos. */
const MAX_PIECE_RANK = 40_000;
/** A run this common as a whole is a word, not words glued together. */
const MAX_WHOLE_RANK = 60_000;
const MIN_GLUED_LENGTH = 5;
const ONE_LETTER_WORDS = new Set(["a", "i"]);
const LETTER = /\p{L}/u;
const ADDRESS_LIKE = /[.@#/:]\p{L}|\p{L}[.@/:]/u;
const DIGIT = /\p{N}/u;

/**
 * Short pieces must be very common words: names and invented words would otherwise split into
 * syllables that happen to be words (`Coogler` → `co og ler`).
 */
const MAX_SHORT_PIECE_RANK: Record<number, number> = { 1: 50, 2: 300, 3: 8_000 };
const MIN_MEAN_PIECE_LENGTH = 3.5;

function pieceCost(piece: string, rank: number | undefined): number {
  if (rank === undefined || rank > (MAX_SHORT_PIECE_RANK[piece.length] ?? MAX_PIECE_RANK)) {
    return Number.POSITIVE_INFINITY;
  }
  if (piece.length < 2 && !ONE_LETTER_WORDS.has(piece)) return Number.POSITIVE_INFINITY;
  // Zipf's law, as wordninja scores words: cost grows with the log of the rank.
  return Math.log((rank + 1) * Math.log(MAX_PIECE_RANK));
}

/**
 * Where a run of letters read without spaces splits into English words (`ALLEPISODES` →
 * `ALL|EPISODES`): the cheapest cover by frequent words, offered only when the whole run is no
 * common word and every piece is. Answers the lengths of the pieces, or undefined to keep the run.
 */
export function splitGluedLetters(run: string): number[] | undefined {
  if (run.length < MIN_GLUED_LENGTH) return undefined;
  const lower = run.toLowerCase();
  const whole = englishWordRank(lower);
  if (whole !== undefined && whole <= MAX_WHOLE_RANK) return undefined;
  const best = new Array<number>(lower.length + 1).fill(Number.POSITIVE_INFINITY);
  const from = new Array<number>(lower.length + 1).fill(-1);
  best[0] = 0;
  for (let end = 1; end <= lower.length; end++) {
    for (let start = Math.max(0, end - 20); start < end; start++) {
      const before = best[start] ?? Number.POSITIVE_INFINITY;
      if (!Number.isFinite(before)) continue;
      const piece = lower.slice(start, end);
      const cost = before + pieceCost(piece, englishWordRank(piece));
      if (cost < (best[end] ?? Number.POSITIVE_INFINITY)) {
        best[end] = cost;
        from[end] = start;
      }
    }
  }
  if (!Number.isFinite(best[lower.length] ?? Number.POSITIVE_INFINITY)) return undefined;
  const lengths: number[] = [];
  for (let end = lower.length; end > 0; end = from[end] ?? 0) lengths.unshift(end - (from[end] ?? 0));
  if (lengths.length < 2 || lower.length / lengths.length < MIN_MEAN_PIECE_LENGTH) return undefined;
  return lengths;
}

/**
 * The positions inside `text` (a word as read) before which a space was lost: between glued
 * English words, and between a word of three or more letters and the number after it
 * (`August1`, `MAY4`). Punctuation and other scripts are left as they are.
 */
export function lostSpaces(text: string): number[] {
  // Addresses, handles and hashtags are written without spaces on purpose.
  if (ADDRESS_LIKE.test(text)) return [];
  const chars = [...text];
  const cuts: number[] = [];
  let start = 0;
  while (start < chars.length) {
    if (!LETTER.test(chars[start] ?? "")) {
      start++;
      continue;
    }
    let end = start;
    while (end < chars.length && /[a-z]/i.test(chars[end] ?? "")) end++;
    if (end === start) {
      start++;
      continue;
    }
    const run = chars.slice(start, end).join("");
    let at = start;
    for (const length of splitGluedLetters(run) ?? []) {
      if (at > start) cuts.push(at);
      at += length;
    }
    const next = chars[end];
    if (next !== undefined && DIGIT.test(next) && run.length >= 3 && start === 0) cuts.push(end);
    start = end;
  }
  return cuts;
}
