import type { Box } from "../../../domain/violation.js";
import type { OcrObservation, OcrWord } from "../../observations/ocr-observation.js";
import { unionBox } from "./union-box.js";

export interface TextCoverage {
  /** Share of the image covered by text boxes, 0..1. */
  fraction: number;
  /** OCR confidence of the text, weighted by area. */
  confidence: number;
  /** One box per line that counted. */
  lineBoxes: Box[];
}

function clippedArea(box: Box, width: number, height: number): number {
  const w = Math.min(box.x + box.width, width) - Math.max(box.x, 0);
  const h = Math.min(box.y + box.height, height) - Math.max(box.y, 0);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Whether a word of a line is left out of the count (the title's lettering, an allowed term). */
export type ExemptWord = (lineIndex: number, wordIndex: number) => boolean;

/**
 * How much of the poster the OCR words (or, without words, the lines) cover, the exempt words
 * aside: a title drawn across half the art is what a poster is for, not excess text.
 */
export function measureTextCoverage(ocr: OcrObservation, exempt: ExemptWord = () => false): TextCoverage {
  const imageArea = ocr.imageWidth * ocr.imageHeight;
  let area = 0;
  let weightedConfidence = 0;
  const lineBoxes: Box[] = [];
  ocr.lines.forEach((line, lineIndex) => {
    const pieces: readonly Pick<OcrWord, "box" | "confidence">[] =
      line.words.length > 0 ? line.words : [line];
    const counted = pieces.filter((_, wordIndex) => !exempt(lineIndex, wordIndex));
    for (const piece of counted) {
      const pieceArea = clippedArea(piece.box, ocr.imageWidth, ocr.imageHeight);
      area += pieceArea;
      weightedConfidence += pieceArea * piece.confidence;
    }
    if (counted.length > 0) lineBoxes.push(unionBox(counted.map((p) => p.box)));
  });
  return {
    fraction: imageArea > 0 ? area / imageArea : 0,
    confidence: area > 0 ? weightedConfidence / area : 0,
    lineBoxes,
  };
}
