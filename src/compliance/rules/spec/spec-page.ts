import type { Box } from "../../../domain/violation.js";
import type { BillingBlockShape, OcrLine, OcrObservation } from "../../observations/ocr-observation.js";
import { buildLineText, type LineText } from "../text/line-text.js";
import { unionBox } from "../text/union-box.js";
import { centerY, overlapHorizontally, overlapVertically } from "./box-geometry.js";

/** One OCR line prepared once for every spec rule. */
export interface PageLine {
  /** Index in `ocr.lines`. */
  index: number;
  ocr: OcrLine;
  /** Folded text, word offsets and tokens (the text rules' representation). */
  text: LineText;
  /** The union of the word boxes (the line box when OCR gave no words). */
  box: Box;
  /** Place in reading order (top to bottom, then left to right). */
  order: number;
}

/** What OCR read, in reading order, with the measures several rules share. */
export interface SpecPage {
  imageWidth: number;
  imageHeight: number;
  /** In reading order. */
  lines: readonly PageLine[];
  /** The median height of the lines' boxes, 0 without lines. */
  medianLineHeight: number;
  /** Regions a text detector took for text, read or not (empty when the engine gives none). */
  regions: readonly Box[];
  /** Billing blocks the detector found by their shape (empty when it does not look). */
  billingBlocks: readonly BillingBlockShape[];
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * Trademark signs decompose under NFKD into letters glued to the word ("HORIZON™" folds to
 * "horizontm", "Blu-ray™" to "blu-raytm"), so they are dropped before matching.
 */
const TRADEMARK_SIGN = /[™℠]/;
const TRADEMARK_SIGNS = /[™℠]/g;

function withoutTrademarkSigns(line: OcrLine): OcrLine {
  if (!TRADEMARK_SIGN.test(line.text) && !line.words.some((w) => TRADEMARK_SIGN.test(w.text))) return line;
  return {
    ...line,
    text: line.text.replace(TRADEMARK_SIGNS, ""),
    words: line.words
      .map((w) => ({ ...w, text: w.text.replace(TRADEMARK_SIGNS, "") }))
      .filter((w) => w.text.length > 0),
  };
}

export function buildSpecPage(ocr: OcrObservation): SpecPage {
  const prepared = ocr.lines
    .map(withoutTrademarkSigns)
    .map((line, index) => ({
      index,
      ocr: line,
      text: buildLineText(line, index),
      box: line.words.length > 0 ? unionBox(line.words.map((w) => w.box)) : line.box,
    }))
    .filter((line) => line.text.text.trim().length > 0)
    .sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x);
  const lines = prepared.map((line, order) => ({ ...line, order }));
  return {
    imageWidth: ocr.imageWidth,
    imageHeight: ocr.imageHeight,
    lines,
    medianLineHeight: median(lines.map((line) => line.box.height)),
    regions: ocr.regions ?? [],
    billingBlocks: ocr.billingBlocks ?? [],
  };
}

/**
 * Whether `below` continues `above` as the next line of one block of text: lower on the
 * poster, sharing some width, and no further than a line and a half away.
 */
export function continuesBelow(above: PageLine, below: PageLine): boolean {
  if (centerY(below.box) <= centerY(above.box)) return false;
  const gap = below.box.y - (above.box.y + above.box.height);
  const height = Math.max(above.box.height, below.box.height);
  return gap <= 1.5 * height && overlapHorizontally(above.box, below.box);
}

/** The lines just above and just below `line` in one block of text. */
export function neighbours(page: SpecPage, line: PageLine): PageLine[] {
  const found: PageLine[] = [];
  const previous = page.lines[line.order - 1];
  const next = page.lines[line.order + 1];
  if (previous && continuesBelow(previous, line)) found.push(previous);
  if (next && continuesBelow(line, next)) found.push(next);
  return found;
}

/** Lines beside each other share this much of the shorter height… */
const SAME_ROW_SHARE = 0.5;
/** …and are at most this many line heights apart. */
const MAX_ROW_GAP = 3;

/**
 * The lines left and right of `line` on its row, a few line heights away at most. OCR splits a
 * row where it drops what stood between two parts (a dash, a bullet) or where they are spaced widely.
 */
export function besides(page: SpecPage, line: PageLine): PageLine[] {
  const found: PageLine[] = [];
  for (const other of page.lines) {
    if (other === line) continue;
    const height = Math.min(line.box.height, other.box.height);
    if (overlapVertically(line.box, other.box) < SAME_ROW_SHARE * height) continue;
    const [left, right] = other.box.x < line.box.x ? [other, line] : [line, other];
    const gap = right.box.x - (left.box.x + left.box.width);
    if (gap >= 0 && gap <= MAX_ROW_GAP * Math.max(line.box.height, other.box.height)) found.push(other);
  }
  return found;
}
