import type { Box } from "../../../domain/violation.js";
import type { OcrObservation } from "../../observations/ocr-observation.js";
import { unionBox } from "./union-box.js";

export interface TextCoverage {
  /** Share of the image covered by text boxes, 0..1. */
  fraction: number;
  /** OCR confidence of the text, weighted by area. */
  confidence: number;
  /** One box per line. */
  lineBoxes: Box[];
}

function clippedArea(box: Box, width: number, height: number): number {
  const w = Math.min(box.x + box.width, width) - Math.max(box.x, 0);
  const h = Math.min(box.y + box.height, height) - Math.max(box.y, 0);
  return w > 0 && h > 0 ? w * h : 0;
}

/** How much of the poster the OCR words (or, without words, the lines) cover. */
export function measureTextCoverage(ocr: OcrObservation): TextCoverage {
  const imageArea = ocr.imageWidth * ocr.imageHeight;
  let area = 0;
  let weightedConfidence = 0;
  const lineBoxes: Box[] = [];
  for (const line of ocr.lines) {
    const pieces = line.words.length > 0 ? line.words : [line];
    for (const piece of pieces) {
      const pieceArea = clippedArea(piece.box, ocr.imageWidth, ocr.imageHeight);
      area += pieceArea;
      weightedConfidence += pieceArea * piece.confidence;
    }
    if (pieces.length > 0) lineBoxes.push(unionBox(pieces.map((p) => p.box)));
  }
  return {
    fraction: imageArea > 0 ? area / imageArea : 0,
    confidence: area > 0 ? weightedConfidence / area : 0,
    lineBoxes,
  };
}
