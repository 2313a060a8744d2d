import type { Box } from "../../domain/violation.js";

export interface OcrWord {
  text: string;
  /** 0..1 */
  confidence: number;
  box: Box;
}

export interface OcrLine {
  text: string;
  confidence: number;
  box: Box;
  words: OcrWord[];
}

/** What OCR read on a poster, in original image pixels. */
export interface OcrObservation {
  imageWidth: number;
  imageHeight: number;
  lines: OcrLine[];
}
