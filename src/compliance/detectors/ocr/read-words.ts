import type Tesseract from "tesseract.js";
import type { Box } from "../../../domain/violation.js";
import type { OcrLine, OcrWord } from "../../observations/ocr-observation.js";

export interface WordFilter {
  minWordConfidence: number;
  minSingleCharConfidence: number;
  minShortLineConfidence: number;
}

/** Symbols that stand alone as words in real titles. */
const STANDALONE_SYMBOLS = new Set(["&"]);
const ALPHANUMERIC = /[\p{L}\p{N}]/u;
const NON_ALPHANUMERIC = /[^\p{L}\p{N}]/u;
/** Edges of texture and shadows read as brackets, bars and underscores stuck to a word. */
const STRAY_EDGES = /^[[\]{}|_~]+|[[\]{}|_~]+$/g;

/**
 * Whether a token is texture read as text: `|`, `~~`, `£3`, `$4`. Short tokens mixing a symbol
 * in are almost never real words on posters, long ones (`$9.99`, `WWW.X.COM`) usually are.
 */
export function isJunkToken(text: string): boolean {
  if (STANDALONE_SYMBOLS.has(text)) return false;
  if (!ALPHANUMERIC.test(text)) return true;
  return [...text].length <= 2 && NON_ALPHANUMERIC.test(text);
}

export function cleanWordText(text: string): string {
  return text.trim().replace(STRAY_EDGES, "");
}

export function keepWord(word: OcrWord, filter: WordFilter): boolean {
  if (word.text.length === 0 || isJunkToken(word.text)) return false;
  const threshold = [...word.text].length === 1 ? filter.minSingleCharConfidence : filter.minWordConfidence;
  return word.confidence >= threshold;
}

const SHORT_WORD = 3;

export function keepLine(line: OcrLine, filter: WordFilter): boolean {
  const onlyShortWords = line.words.every((word) => alphanumericLength(word.text) <= SHORT_WORD);
  return !onlyShortWords || line.confidence >= filter.minShortLineConfidence;
}

function alphanumericLength(text: string): number {
  return [...text].filter((char) => ALPHANUMERIC.test(char)).length;
}

/**
 * Every word tesseract read on a pass, in poster pixels; `toPoster` maps a pass box back and
 * answers undefined for boxes that belong nowhere.
 */
export function pageWords(page: Tesseract.Page, toPoster: (box: Box) => Box | undefined): OcrWord[] {
  const words: OcrWord[] = [];
  for (const block of page.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        for (const word of line.words) {
          const text = cleanWordText(word.text);
          if (text.length === 0) continue;
          const { x0, y0, x1, y1 } = word.bbox;
          const box = toPoster({ x: x0, y: y0, width: x1 - x0, height: y1 - y0 });
          if (!box) continue;
          words.push({ text, confidence: Math.min(1, Math.max(0, word.confidence / 100)), box });
        }
      }
    }
  }
  return words;
}
