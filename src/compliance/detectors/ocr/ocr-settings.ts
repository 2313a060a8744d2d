import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import Tesseract from "tesseract.js";

const require = createRequire(import.meta.url);

/** The traineddata folders shipped by `@tesseract.js-data/eng`. */
export type TraineddataVariant = "4.0.0" | "4.0.0_best_int";

/**
 * What a pass shows tesseract:
 * - `page`: the whole poster in grey;
 * - `lines`: only the text-line candidates found in the poster, one under the other on white.
 */
export type PassInput = "page" | "lines";

/** One recognition of the poster at one scale with one page-segmentation mode. */
export interface OcrPass {
  input: PassInput;
  /** A poster whose longest side exceeds this is downscaled to it. */
  maxLongestSide: number;
  /** A poster whose longest side is below this is upscaled to it. */
  minLongestSide: number;
  psm: Tesseract.PSM;
}

export interface LineFinderSettings {
  /** Gaussian sigma (pass pixels) of the neighbourhood ink is compared with. */
  neighbourhoodSigma: number;
  /** Grey levels a pixel must differ from its neighbourhood to count as ink. */
  contrast: number;
  minLetters: number;
  maxLines: number;
}

export interface OcrSettings {
  variant: TraineddataVariant;
  /** Stretch the poster's grey levels to the full range before any pass. */
  normalise: boolean;
  /** Run on the pool concurrently; their words are merged. */
  passes: OcrPass[];
  lineFinder: LineFinderSettings;
  /** 0..1; words read with less confidence never reach the observation. */
  minWordConfidence: number;
  /** 0..1; a lone character is kept only above this (texture often reads as `I`, `a`, `E`). */
  minSingleCharConfidence: number;
  /**
   * 0..1; a line of short words only (three letters or digits at most each) is kept only when
   * read this surely on average: window grids and foliage read as `100 ooo 188`.
   */
  minShortLineConfidence: number;
}

/**
 * Measured on generated posters (text over real photos, test/support/ocr-read-rate.ts): tesseract's
 * own page layout, even downscaled and in sparse-text mode, reads about a quarter of the lines on
 * busy photos; the two line-page passes read about two thirds, and the sparse-text page pass
 * catches what the line finder cannot see (very large or isolated short words, plain text on flat
 * colour). The thresholds remove nearly all junk at no cost in lines read.
 *
 * The 1500 px line page is read as one uniform block (each row a line), the 1000 px one as a
 * single column. In single-column mode tesseract's layout analysis skips rows it takes for
 * texture, and with them now and then a clean row or a whole page (`SPECIAL EDITION` under a
 * bright patch of photo on the evaluation set); as a block every row is read. That reads 474 of
 * the evaluation set's 495 lines against 469 and raises no code wrongly, but costs about 30 %
 * more CPU on posters over photos (every texture row is read too; nothing more on flat or gradient
 * art), so only the larger page is read that way: the smaller one adds little to it as a block.
 */
export const DEFAULT_OCR_SETTINGS: OcrSettings = {
  variant: "4.0.0_best_int",
  normalise: false,
  passes: [
    { input: "lines", maxLongestSide: 1500, minLongestSide: 1500, psm: Tesseract.PSM.SINGLE_BLOCK },
    { input: "lines", maxLongestSide: 1000, minLongestSide: 1000, psm: Tesseract.PSM.SINGLE_COLUMN },
    { input: "page", maxLongestSide: 1000, minLongestSide: 1000, psm: Tesseract.PSM.SPARSE_TEXT },
  ],
  lineFinder: { neighbourhoodSigma: 8, contrast: 10, minLetters: 3, maxLines: 80 },
  minWordConfidence: 0.7,
  minSingleCharConfidence: 0.9,
  minShortLineConfidence: 0.85,
};

/** Bumped when the way passes are read, filtered or merged changes, so stored observations are redone. */
const ALGORITHM_REVISION = 2;

export function tesseractVersion(): string {
  const manifest = require("tesseract.js/package.json") as { version: string };
  return manifest.version;
}

/** The local folder holding `eng.traineddata.gz` for a variant; never a URL, so nothing is fetched. */
export function traineddataDir(variant: TraineddataVariant): string {
  const dir = path.join(path.dirname(require.resolve("@tesseract.js-data/eng/package.json")), variant);
  if (!existsSync(path.join(dir, "eng.traineddata.gz"))) {
    throw new Error(`OCR traineddata not found at ${dir}; is @tesseract.js-data/eng installed?`);
  }
  return dir;
}

/** Changes whenever the engine, the traineddata or any setting that shapes the output changes. */
export function ocrDetectorVersion(settings: OcrSettings): string {
  const digest = createHash("sha256")
    .update(canonicalJson({ revision: ALGORITHM_REVISION, settings }))
    .digest("hex")
    .slice(0, 10);
  return `tesseract.js@${tesseractVersion()}+eng@${settings.variant}+${digest}`;
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, entry: unknown) =>
    entry && typeof entry === "object" && !Array.isArray(entry)
      ? Object.fromEntries(Object.entries(entry).sort(([a], [b]) => a.localeCompare(b)))
      : entry,
  );
}
