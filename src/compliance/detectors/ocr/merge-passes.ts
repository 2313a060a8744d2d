import type { Box } from "../../../domain/violation.js";
import type { OcrLine, OcrWord } from "../../observations/ocr-observation.js";

/** Two readings sharing this much of the narrower width and of the shorter height are the same ink. */
const SAME_INK_OVERLAP = 0.5;
/**
 * Another pass's reading replaces a kept word when it lies within the word's span (this much of
 * its own width), covers at least half the word, has as many characters and is surer by this much.
 */
const WITHIN_SPAN = 0.8;
const COVERS_WORD = 0.5;
const SURER_BY = 0.1;
/** Words join a line when they share this much of the shorter height… */
const SAME_ROW_OVERLAP = 0.5;
/** …and the gap to the previous word is at most this many word heights. */
const MAX_WORD_GAP = 1.5;

function overlap(startA: number, lengthA: number, startB: number, lengthB: number): number {
  const shared = Math.min(startA + lengthA, startB + lengthB) - Math.max(startA, startB);
  return shared <= 0 ? 0 : shared / Math.min(lengthA, lengthB);
}

/**
 * Whether two boxes hold the same ink. Compared per axis rather than by IoU because passes
 * disagree in shape: one splits `HARBOR` into `HA` `RBOR`, another's box swells with texture
 * stuck to the letters; both still cover the same stretch of the same row.
 */
export function sameInk(a: Box, b: Box): boolean {
  return (
    overlap(a.x, a.width, b.x, b.width) >= SAME_INK_OVERLAP &&
    overlap(a.y, a.height, b.y, b.height) >= SAME_INK_OVERLAP
  );
}

/**
 * The lines of several passes merged so each piece of ink is read once. Where passes disagree,
 * the words of the better line win (more text read with more confidence), so one pass's
 * fragments never break up another's whole reading; words no other pass read are kept.
 */
export function mergePasses(passes: OcrWord[][]): OcrLine[] {
  const ranked = passes
    .flatMap((words) => groupLines(words))
    .flatMap((line) => line.words.map((word) => ({ word, lineScore: score(line.words) })))
    .sort((a, b) => b.lineScore - a.lineScore || b.word.confidence - a.word.confidence);
  const kept: OcrWord[] = [];
  for (const { word } of ranked) {
    if (!kept.some((other) => sameInk(word.box, other.box))) kept.push(word);
  }
  const all = ranked.map(({ word }) => word);
  return groupLines(kept.map((word) => tightestBox(surestReading(word, all), all)));
}

/**
 * The word with the tightest box any pass gave the same text at the same place: texture stuck
 * to the letters swells a box in one pass and not in another.
 */
function tightestBox(word: OcrWord, readings: readonly OcrWord[]): OcrWord {
  let box = word.box;
  for (const other of readings) {
    if (other.text !== word.text || area(other.box) >= area(box)) continue;
    if (sameInk(word.box, other.box)) box = other.box;
  }
  return box === word.box ? word : { ...word, box };
}

function area(box: Box): number {
  return box.width * box.height;
}

/**
 * The kept word, or another pass's reading of the very same word when that one is clearly
 * surer: the better line may still hold a misread word (`screenplay oy Nora Field` against
 * `Screenplay by Nora`). A fragment (fewer characters) never replaces a whole word, nor a
 * reading reaching over into the next word replaces one.
 */
function surestReading(word: OcrWord, readings: readonly OcrWord[]): OcrWord {
  let surest = word;
  for (const other of readings) {
    if (other.confidence < surest.confidence + (surest === word ? SURER_BY : 0)) continue;
    if (sameWord(word, other)) surest = other;
  }
  return surest === word ? word : { ...word, text: surest.text, confidence: surest.confidence };
}

function sameWord(word: OcrWord, other: OcrWord): boolean {
  const a = word.box;
  const b = other.box;
  const shared = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  return (
    shared >= WITHIN_SPAN * b.width &&
    shared >= COVERS_WORD * a.width &&
    overlap(a.y, a.height, b.y, b.height) >= SAME_ROW_OVERLAP &&
    [...other.text].length >= [...word.text].length
  );
}

function score(words: OcrWord[]): number {
  return words.reduce((sum, word) => sum + word.confidence * [...word.text].length, 0);
}

/** Groups words into lines left to right by shared row and small gaps; lines top to bottom. */
export function groupLines(words: OcrWord[]): OcrLine[] {
  const rows: OcrWord[][] = [];
  for (const word of [...words].sort((a, b) => a.box.x - b.box.x)) {
    let best: OcrWord[] | undefined;
    let bestOverlap = 0;
    for (const row of rows) {
      const last = row[row.length - 1] as OcrWord;
      const shared = overlap(last.box.y, last.box.height, word.box.y, word.box.height);
      const gap = word.box.x - (last.box.x + last.box.width);
      const height = Math.max(last.box.height, word.box.height);
      if (shared >= SAME_ROW_OVERLAP && gap <= MAX_WORD_GAP * height && shared > bestOverlap) {
        best = row;
        bestOverlap = shared;
      }
    }
    if (best) best.push(word);
    else rows.push([word]);
  }
  return rows.map(toLine).sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x);
}

function toLine(words: OcrWord[]): OcrLine {
  return {
    text: words.map((word) => word.text).join(" "),
    confidence: words.reduce((sum, word) => sum + word.confidence, 0) / words.length,
    box: unionBox(words.map((word) => word.box)),
    words,
  };
}

export function unionBox(boxes: Box[]): Box {
  const left = Math.min(...boxes.map((box) => box.x));
  const top = Math.min(...boxes.map((box) => box.y));
  const right = Math.max(...boxes.map((box) => box.x + box.width));
  const bottom = Math.max(...boxes.map((box) => box.y + box.height));
  return { x: left, y: top, width: right - left, height: bottom - top };
}
