import type { OcrLine, OcrObservation } from "../src/compliance/observations/ocr-observation.js";
import type { DrawnText } from "./eval-cases/eval-case.js";

const CONFIDENCE = 0.95;

/**
 * What a perfect OCR would report for the text drawn on an image: each drawn line with its
 * words, a word's box its share of the line's box by characters. Judging this tells a rule's
 * behaviour apart from OCR's: a code the rules raise here but not on the real read is an OCR miss.
 */
export function perfectOcr(
  lines: readonly DrawnText[],
  imageWidth: number,
  imageHeight: number,
): OcrObservation {
  return {
    imageWidth,
    imageHeight,
    lines: lines.map((line): OcrLine => {
      const { box } = line;
      const perChar = box.width / Math.max(1, line.text.length);
      let offset = 0;
      const words = line.text.split(" ").flatMap((word) => {
        const start = offset;
        offset += word.length + 1;
        if (word.length === 0) return [];
        const x = Math.round(box.x + start * perChar);
        const width = Math.max(1, Math.round(word.length * perChar));
        return [{ text: word, confidence: CONFIDENCE, box: { x, y: box.y, width, height: box.height } }];
      });
      return { text: line.text, confidence: CONFIDENCE, box, words };
    }),
  };
}
