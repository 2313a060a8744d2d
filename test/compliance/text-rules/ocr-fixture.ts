import type {
  OcrLine,
  OcrObservation,
  OcrWord,
} from "../../../src/compliance/observations/ocr-observation.js";
import type { Box } from "../../../src/domain/violation.js";

export interface WordSpec {
  text: string;
  confidence?: number;
}

export const CHAR_WIDTH = 20;
export const WORD_GAP = 20;
export const LINE_HEIGHT = 40;
export const LINE_PITCH = 60;
export const LEFT = 50;
export const TOP = 100;

/**
 * Lays out lines of words the way OCR reports them: each word a box
 * (CHAR_WIDTH px a character, LINE_HEIGHT px high), words of a line side by side.
 * A string line is split on single spaces, so `"www. site .com"` is three words.
 */
export function ocrOf(
  lines: ReadonlyArray<string | readonly WordSpec[]>,
  options: { confidence?: number; imageWidth?: number; imageHeight?: number } = {},
): OcrObservation {
  const confidence = options.confidence ?? 0.95;
  const ocrLines: OcrLine[] = lines.map((line, lineIndex) => {
    const specs: readonly WordSpec[] =
      typeof line === "string" ? line.split(" ").map((text) => ({ text })) : line;
    const y = TOP + lineIndex * LINE_PITCH;
    let x = LEFT;
    const words: OcrWord[] = specs.map((spec) => {
      const box: Box = { x, y, width: spec.text.length * CHAR_WIDTH, height: LINE_HEIGHT };
      x += box.width + WORD_GAP;
      return { text: spec.text, confidence: spec.confidence ?? confidence, box };
    });
    const last = words.at(-1)?.box;
    return {
      text: words.map((w) => w.text).join(" "),
      confidence: Math.min(...words.map((w) => w.confidence)),
      box: { x: LEFT, y, width: last ? last.x + last.width - LEFT : 0, height: LINE_HEIGHT },
      words,
    };
  });
  return {
    imageWidth: options.imageWidth ?? 1000,
    imageHeight: options.imageHeight ?? 1500,
    lines: ocrLines,
  };
}
