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
  /**
   * Every region a text detector took for text, read or not (stylised titles, fine print too
   * small to read); absent where the engine finds no regions apart from what it reads.
   */
  regions?: Box[];
  /**
   * Billing blocks found by their shape (stacked rows of small condensed capitals near the
   * foot), read or not; absent where the engine does not look for them.
   */
  billingBlocks?: BillingBlockShape[];
}

export interface BillingBlockShape {
  box: Box;
  rows: number;
  /** Median letter height as a share of the poster's height. */
  letterHeightShare: number;
}
