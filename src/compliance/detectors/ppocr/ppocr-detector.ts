import { createHash } from "node:crypto";
import type { Detector, PosterImage } from "../../../ports/detector.js";
import type { OcrLine, OcrObservation } from "../../observations/ocr-observation.js";
import { unionBox } from "../../rules/text/union-box.js";
import { findBillingBlocksIn } from "../layout/billing-blocks.js";
import { cleanWordText, isJunkToken } from "../ocr/read-words.js";
import { DEFAULT_PPOCR_SETTINGS, PpOcrReader, type PpOcrSettings } from "./ppocr-reader.js";

export interface PpOcrDetectorOptions {
  settings?: Partial<PpOcrSettings>;
  /** 0..1; words read less surely are dropped (texture read as letters). */
  minWordConfidence?: number;
}

export interface PpOcrDetector extends Detector<OcrObservation> {
  warmUp(): Promise<void>;
  close(): Promise<void>;
}

const MODEL_VERSION = "ppocrv4.6";

/** Offline OCR with PaddleOCR's PP-OCRv4 models: lines found by DB, read by SVTR. */
export function createPpOcrDetector(options: PpOcrDetectorOptions = {}): PpOcrDetector {
  const settings: PpOcrSettings = { ...DEFAULT_PPOCR_SETTINGS, ...options.settings };
  const minWordConfidence = options.minWordConfidence ?? 0.6;
  const reader = new PpOcrReader(settings);
  const { threads: _threads, batchSize: _batch, ...affectsOutput } = settings;
  const fingerprint = createHash("sha256")
    .update(JSON.stringify({ affectsOutput, minWordConfidence }))
    .digest("hex")
    .slice(0, 8);
  return {
    id: "ocr",
    version: `${MODEL_VERSION}-${fingerprint}`,
    warmUp: async () => {
      await reader.warmUp();
    },
    close: () => reader.close(),
    async detect(image: PosterImage, signal?: AbortSignal): Promise<OcrObservation> {
      const page = await reader.read(image.bytes, signal);
      // The shape finder reads the same decoded pixels: the poster is decoded once.
      const billingBlocks = await findBillingBlocksIn(page.image, page.toPoster);
      const lines = page.lines
        .map((line) => keepSureWords(line, minWordConfidence))
        .filter((line): line is OcrLine => line !== undefined);
      return {
        imageWidth: page.width,
        imageHeight: page.height,
        lines,
        regions: page.regions,
        billingBlocks,
      };
    },
  };
}

function keepSureWords(line: OcrLine, minConfidence: number): OcrLine | undefined {
  const words = line.words
    .map((word) => ({ ...word, text: cleanWordText(word.text) }))
    .filter((word) => word.text.length > 0 && !isJunkToken(word.text) && word.confidence >= minConfidence);
  if (words.length === 0) return undefined;
  return {
    ...line,
    box: words.length === line.words.length ? line.box : unionBox(words.map((word) => word.box)),
    text: words.map((word) => word.text).join(" "),
    confidence: words.reduce((sum, word) => sum + word.confidence, 0) / words.length,
    words,
  };
}
