import type { Box } from "../../../domain/violation.js";
import type { OcrWord } from "../../observations/ocr-observation.js";
import { foldText } from "../text/normalize-text.js";
import { unionBox } from "../text/union-box.js";
import type { PageLine } from "./spec-page.js";

/**
 * OCR on photos and textured art reads junk: `ee`, `lil`, `Wk`, `£3`, mostly short and of
 * middling confidence. A word counts as readable text only when it could be a word: at least
 * three letters or digits, a letter among them, a vowel (or a number of four digits or more,
 * a year), not only thin strokes (`Il1|`), read with at least this confidence.
 */
export const READABLE_WORD_MIN_CONFIDENCE = 0.7;
/** A line holding a single short readable word counts only when that word is read this surely. */
export const LONE_SHORT_WORD_MIN_CONFIDENCE = 0.9;
/** A word at least this long counts alone. */
const LONG_WORD_LENGTH = 5;
/** A lone short word is weaker evidence of text than two words or a long one. */
const LONE_SHORT_WORD_QUALITY = 0.85;

const VOWEL = /[aeiouy]/;
const LETTER = /[a-z]/;
const STROKES_ONLY = /^[il1|!]+$/;

function alphanumerics(text: string): string {
  return foldText(text).replace(/[^a-z0-9]/g, "");
}

export function isReadableWord(word: OcrWord): boolean {
  if (word.confidence < READABLE_WORD_MIN_CONFIDENCE) return false;
  const chars = alphanumerics(word.text);
  if (chars.length < 3 || STROKES_ONLY.test(chars)) return false;
  if (!LETTER.test(chars)) return chars.length >= 4;
  return VOWEL.test(chars);
}

/** The readable part of a line: from its first to its last readable word. */
export interface ReadableSpan {
  line: PageLine;
  /** Every word from the first readable one to the last (short words between included). */
  words: OcrWord[];
  text: string;
  box: Box;
  readableWords: number;
  /** Mean confidence of the readable words, lowered for a lone short word. */
  confidence: number;
}

const spans = new WeakMap<PageLine, ReadableSpan | null>();

/** The readable text of a line, or undefined when all it holds may be junk. */
export function readableSpan(line: PageLine): ReadableSpan | undefined {
  let span = spans.get(line);
  if (span === undefined) {
    span = findReadableSpan(line) ?? null;
    spans.set(line, span);
  }
  return span ?? undefined;
}

function findReadableSpan(line: PageLine): ReadableSpan | undefined {
  const words = line.text.words;
  const readable = words.filter(isReadableWord);
  if (readable.length === 0) return undefined;
  const lone = readable.length === 1 ? (readable[0] as OcrWord) : undefined;
  const loneIsShort = lone !== undefined && alphanumerics(lone.text).length < LONG_WORD_LENGTH;
  if (lone && loneIsShort && lone.confidence < LONE_SHORT_WORD_MIN_CONFIDENCE) return undefined;
  const first = words.indexOf(readable[0] as OcrWord);
  const last = words.indexOf(readable[readable.length - 1] as OcrWord);
  const span = words.slice(first, last + 1);
  const meanConfidence = readable.reduce((sum, w) => sum + w.confidence, 0) / readable.length;
  return {
    line,
    words: span,
    text: span.map((w) => w.text).join(" "),
    box: unionBox(span.map((w) => w.box)),
    readableWords: readable.length,
    confidence: meanConfidence * (loneIsShort ? LONE_SHORT_WORD_QUALITY : 1),
  };
}
