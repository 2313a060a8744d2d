import type { OcrLine, OcrWord } from "../../observations/ocr-observation.js";
import { foldText } from "./normalize-text.js";
import { type Token, tokenizeWord } from "./tokenize.js";

/** One OCR line prepared for matching: folded text, word offsets and tokens. */
export interface LineText {
  index: number;
  /** The folded words joined by single spaces; every match is a range of it. */
  text: string;
  words: readonly OcrWord[];
  wordStarts: readonly number[];
  wordEnds: readonly number[];
  tokens: readonly Token[];
}

export function buildLineText(line: OcrLine, index: number): LineText {
  // A line without word boxes still counts, as one word spanning the line box.
  const words: readonly OcrWord[] =
    line.words.length > 0 ? line.words : [{ text: line.text, confidence: line.confidence, box: line.box }];
  const wordStarts: number[] = [];
  const wordEnds: number[] = [];
  const tokens: Token[] = [];
  let text = "";
  words.forEach((word, wordIndex) => {
    if (wordIndex > 0) text += " ";
    const folded = foldText(word.text);
    wordStarts.push(text.length);
    tokens.push(...tokenizeWord(folded, text.length, wordIndex));
    text += folded;
    wordEnds.push(text.length);
  });
  return { index, text, words, wordStarts, wordEnds, tokens };
}

/** Indices of the first and last word that the text range [start, end) touches. */
export function wordsInRange(line: LineText, start: number, end: number): { first: number; last: number } {
  let first = -1;
  let last = -1;
  for (let i = 0; i < line.words.length; i++) {
    const wordStart = line.wordStarts[i] ?? 0;
    const wordEnd = line.wordEnds[i] ?? 0;
    if (wordStart < end && wordEnd > start) {
      if (first < 0) first = i;
      last = i;
    }
  }
  return { first, last };
}
