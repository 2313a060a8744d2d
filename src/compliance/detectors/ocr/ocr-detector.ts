import { availableParallelism } from "node:os";
import type Tesseract from "tesseract.js";
import type { Detector, PosterImage } from "../../../ports/detector.js";
import type { OcrObservation, OcrWord } from "../../observations/ocr-observation.js";
import { mergePasses } from "./merge-passes.js";
import {
  DEFAULT_OCR_SETTINGS,
  type OcrPass,
  type OcrSettings,
  ocrDetectorVersion,
  traineddataDir,
} from "./ocr-settings.js";
import {
  decodePoster,
  type GreyPoster,
  linesImage,
  type PassImage,
  pageImage,
  passScale,
  scaleGrey,
} from "./prepare-image.js";
import { keepLine, keepWord, pageWords } from "./read-words.js";
import { TesseractPool } from "./tesseract-pool.js";
import type { GreyImage } from "./text-line-candidates.js";

export interface OcrDetectorOptions {
  /** Warm tesseract workers; default min(2, cores). */
  workers?: number;
  /** 0..1; words read with less confidence are dropped. Default 0.7 (calibrated on generated posters). */
  minWordConfidence?: number;
  /** Overrides of the measured defaults, for experiments; they change `version`. */
  settings?: Partial<OcrSettings>;
}

export interface OcrDetector extends Detector<OcrObservation> {
  /** Starts the workers and loads the model now rather than on the first poster. */
  warmUp(): Promise<void>;
  /** Terminates the workers; the detector cannot be used afterwards. */
  close(): Promise<void>;
}

/** Offline OCR (tesseract.js, bundled English traineddata): lines and words in poster pixels. */
export function createOcrDetector(options: OcrDetectorOptions = {}): OcrDetector {
  const settings: OcrSettings = {
    ...DEFAULT_OCR_SETTINGS,
    ...options.settings,
    ...(options.minWordConfidence === undefined ? {} : { minWordConfidence: options.minWordConfidence }),
  };
  if (!(settings.minWordConfidence >= 0 && settings.minWordConfidence <= 1)) {
    throw new Error(`minWordConfidence must be within 0..1, got ${settings.minWordConfidence}`);
  }
  if (settings.passes.length === 0) throw new Error("OCR needs at least one pass");
  const pool = new TesseractPool({
    size: options.workers ?? Math.min(2, availableParallelism()),
    langPath: traineddataDir(settings.variant),
  });

  async function preparePass(
    poster: GreyPoster,
    pass: OcrPass,
    scaled: (scale: number) => Promise<GreyImage>,
  ) {
    const scale = passScale(poster, pass);
    const grey = await scaled(scale);
    return pass.input === "lines" ? linesImage(grey, scale, settings.lineFinder) : pageImage(grey, scale);
  }

  async function readPass(poster: GreyPoster, pass: OcrPass, image: PassImage, signal?: AbortSignal) {
    // tesseract.js passes parameters given to recognize on to tesseract for that page only.
    const parameters: Partial<Tesseract.RecognizeOptions & Tesseract.WorkerParams> = {
      tessedit_pageseg_mode: pass.psm,
    };
    const { data } = await pool.run(
      (worker) => worker.recognize(image.png, parameters, { text: false, blocks: true }),
      signal,
    );
    return pageWords(data, image.toPoster)
      .map((word) => clampWord(word, poster))
      .filter((word) => keepWord(word, settings));
  }

  return {
    id: "ocr",
    version: ocrDetectorVersion(settings),
    warmUp: () => pool.warmUp(),
    close: () => pool.close(),
    async detect(image: PosterImage, signal?: AbortSignal): Promise<OcrObservation> {
      signal?.throwIfAborted();
      const poster = await decodePoster(image.bytes, settings.normalise);
      const scales = new Map<number, Promise<GreyImage>>();
      const scaled = (scale: number) => {
        let grey = scales.get(scale);
        if (!grey) {
          grey = scaleGrey(poster, scale);
          scales.set(scale, grey);
        }
        return grey;
      };
      const passes = await Promise.all(
        settings.passes.map(async (pass) => {
          const prepared = await preparePass(poster, pass, scaled);
          signal?.throwIfAborted();
          return readPass(poster, pass, prepared, signal);
        }),
      );
      const lines = mergePasses(passes).filter((line) => keepLine(line, settings));
      return { imageWidth: poster.width, imageHeight: poster.height, lines };
    },
  };
}

function clampWord(word: OcrWord, poster: GreyPoster): OcrWord {
  const x = Math.min(Math.max(0, word.box.x), poster.width - 1);
  const y = Math.min(Math.max(0, word.box.y), poster.height - 1);
  const width = Math.max(1, Math.min(word.box.width, poster.width - x));
  const height = Math.max(1, Math.min(word.box.height, poster.height - y));
  return { ...word, box: { x, y, width, height } };
}
