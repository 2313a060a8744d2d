import * as ort from "onnxruntime-node";
import sharp from "sharp";
import { PermanentProcessingError } from "../../../domain/errors.js";
import type { Box } from "../../../domain/violation.js";
import type { OcrLine } from "../../observations/ocr-observation.js";
import { intersection } from "../../rules/spec/box-geometry.js";
import { ctcDecode } from "./ctc-decode.js";
import { joinRowLines } from "./join-lines.js";
import { lineFromDecoded } from "./line-words.js";
import { splitLongBox } from "./long-lines.js";
import { loadRecognitionAlphabet, ppOcrModelFiles } from "./ppocr-models.js";
import { type RgbImage, sampleBox } from "./rgb-image.js";
import { DEFAULT_TEXT_BOX_SETTINGS, type TextBoxSettings, textBoxes } from "./text-boxes.js";

export interface PpOcrSettings {
  /** The detection input's longest side (multiple of 32); posters are scaled up or down to it. */
  detectionSide: number;
  /**
   * The foot of the poster (this share of its height), where fine print sits, is searched again
   * at `footWidth` pixels across: at `detectionSide` type of 1–2 % of the height is too small.
   */
  footFraction: number;
  footWidth: number;
  /** The poster is decoded at most this large; boxes are cut from that copy. */
  maxWorkingSide: number;
  textBoxes: TextBoxSettings;
  recognitionHeight: number;
  /**
   * Widest crop read at once, as a multiple of the height; longer lines are read in pieces.
   * The recogniser's cost per pixel of width is flat up to about 640 px and climbs after.
   */
  maxAspect: number;
  /** Crops per model run. Measured on one CPU thread: a crop alone is cheaper than in a batch. */
  batchSize: number;
  /** Threads onnxruntime uses within one model run. */
  threads: number;
}

export const DEFAULT_PPOCR_SETTINGS: PpOcrSettings = {
  detectionSide: 960,
  footFraction: 0.3,
  footWidth: 1024,
  maxWorkingSide: 2048,
  textBoxes: DEFAULT_TEXT_BOX_SETTINGS,
  recognitionHeight: 48,
  maxAspect: 14,
  batchSize: 1,
  threads: 1,
};

const DETECTION_MEAN = [0.485, 0.456, 0.406] as const;
const DETECTION_STD = [0.229, 0.224, 0.225] as const;
const RECOGNITION_MEAN = [0.5, 0.5, 0.5] as const;
const RECOGNITION_STD = [0.5, 0.5, 0.5] as const;

/** Milliseconds spent in each stage of one read. */
export interface PpOcrTimings {
  decode: number;
  detect: number;
  recognise: number;
}

export interface PpOcrPage {
  width: number;
  height: number;
  timings: PpOcrTimings;
  lines: OcrLine[];
  /** Every text region found, read or not, in poster pixels. */
  regions: Box[];
  /** The decoded working copy the models saw, for other passes over the same pixels… */
  image: RgbImage;
  /** …whose pixels are this many poster pixels each. */
  toPoster: number;
}

/** PP-OCRv4 text detection (DB) then line recognition (SVTR, CTC) on onnxruntime's CPU. */
export class PpOcrReader {
  private sessions?: Promise<{ detection: ort.InferenceSession; recognition: ort.InferenceSession }>;
  private readonly alphabet: string[];

  constructor(readonly settings: PpOcrSettings = DEFAULT_PPOCR_SETTINGS) {
    this.alphabet = loadRecognitionAlphabet(ppOcrModelFiles().dictionary);
  }

  warmUp(): Promise<unknown> {
    this.sessions ??= this.openSessions();
    return this.sessions;
  }

  async close(): Promise<void> {
    const sessions = await this.sessions?.catch(() => undefined);
    this.sessions = undefined;
    await sessions?.detection.release();
    await sessions?.recognition.release();
  }

  async read(bytes: Buffer, signal?: AbortSignal): Promise<PpOcrPage> {
    this.sessions ??= this.openSessions();
    const { detection, recognition } = await this.sessions;
    const started = performance.now();
    const image = await decodeRgb(bytes, this.settings.maxWorkingSide);
    signal?.throwIfAborted();
    const decoded = performance.now();
    const boxes = await this.detect(detection, image);
    signal?.throwIfAborted();
    const detected = performance.now();
    const lines = await this.recognise(recognition, image, boxes, signal);
    const timings = {
      decode: Math.round(decoded - started),
      detect: Math.round(detected - decoded),
      recognise: Math.round(performance.now() - detected),
    };
    const scale = image.originalWidth / image.width;
    return {
      width: image.originalWidth,
      height: image.originalHeight,
      timings,
      lines: lines.map((line) => scaleLine(line, scale)),
      regions: boxes.map((box) => scaleBox(box, scale)),
      image,
      toPoster: scale,
    };
  }

  private async openSessions() {
    const files = ppOcrModelFiles();
    const options: ort.InferenceSession.SessionOptions = {
      intraOpNumThreads: this.settings.threads,
      interOpNumThreads: 1,
      executionProviders: ["cpu"],
      graphOptimizationLevel: "all",
    };
    const [detection, recognition] = await Promise.all([
      ort.InferenceSession.create(files.detection, options),
      ort.InferenceSession.create(files.recognition, options),
    ]);
    return { detection, recognition };
  }

  /** Text boxes in working-image pixels: the whole poster, then its foot at a finer scale. */
  private async detect(session: ort.InferenceSession, image: RgbImage): Promise<Box[]> {
    const whole = { x: 0, y: 0, width: image.width, height: image.height };
    const wholeScale = this.settings.detectionSide / Math.max(image.width, image.height);
    const found = await this.detectIn(session, image, whole, wholeScale);
    const footTop = Math.round(image.height * (1 - this.settings.footFraction));
    if (this.settings.footFraction <= 0 || footTop >= image.height) return found;
    const foot = { x: 0, y: footTop, width: image.width, height: image.height - footTop };
    const footScale = this.settings.footWidth / image.width;
    if (footScale <= wholeScale * 1.25) return found;
    // Lines cut by the foot's top edge are the whole pass's to read.
    const fine = (await this.detectIn(session, image, foot, footScale)).filter((box) => box.y > footTop + 1);
    const coarse = found.filter(
      (box) => box.y < footTop || !fine.some((other) => intersection(box, other) > 0),
    );
    return [...coarse, ...fine];
  }

  private async detectIn(
    session: ort.InferenceSession,
    image: RgbImage,
    region: Box,
    scale: number,
  ): Promise<Box[]> {
    const width = Math.max(32, Math.round((region.width * scale) / 32) * 32);
    const height = Math.max(32, Math.round((region.height * scale) / 32) * 32);
    const input = new Float32Array(3 * width * height);
    sampleBox(image, region, input, 0, width, height, width, DETECTION_MEAN, DETECTION_STD);
    const feeds = { [session.inputNames[0] ?? "x"]: new ort.Tensor("float32", input, [1, 3, height, width]) };
    const output = await session.run(feeds);
    const map = output[session.outputNames[0] ?? ""];
    if (!map) throw new Error("PP-OCR detection returned no map");
    const found = textBoxes({ data: map.data as Float32Array, width, height }, this.settings.textBoxes);
    const sx = region.width / width;
    const sy = region.height / height;
    return found.map(({ box }) => ({
      x: region.x + Math.floor(box.x * sx),
      y: region.y + Math.floor(box.y * sy),
      width: Math.max(1, Math.ceil(box.width * sx)),
      height: Math.max(1, Math.ceil(box.height * sy)),
    }));
  }

  private async recognise(
    session: ort.InferenceSession,
    image: RgbImage,
    boxes: Box[],
    signal?: AbortSignal,
  ): Promise<OcrLine[]> {
    const { recognitionHeight: h, maxAspect } = this.settings;
    const crops = boxes
      .flatMap((box): { box: Box; rotate: boolean }[] => {
        const rotate = box.height > box.width * 1.5;
        if (rotate) return [{ box, rotate }];
        return splitLongBox(image, box, maxAspect).map((piece) => ({ box: piece, rotate }));
      })
      .map(({ box, rotate }) => {
        const aspect = rotate ? box.height / box.width : box.width / box.height;
        return { box, rotate, width: Math.max(8, Math.min(Math.round(h * aspect), h * maxAspect)) };
      })
      .sort((a, b) => a.width - b.width);
    const lines: OcrLine[] = [];
    for (const batch of similarWidths(crops, this.settings.batchSize)) {
      signal?.throwIfAborted();
      const stride = Math.max(...batch.map((crop) => crop.width));
      const input = new Float32Array(batch.length * 3 * h * stride);
      batch.forEach((crop, i) => {
        sampleBox(
          image,
          crop.box,
          input,
          i * 3 * h * stride,
          crop.width,
          h,
          stride,
          RECOGNITION_MEAN,
          RECOGNITION_STD,
          crop.rotate,
        );
      });
      const feeds = {
        [session.inputNames[0] ?? "x"]: new ort.Tensor("float32", input, [batch.length, 3, h, stride]),
      };
      const output = await session.run(feeds);
      const scores = output[session.outputNames[0] ?? ""];
      if (!scores) throw new Error("PP-OCR recognition returned no scores");
      const [, steps = 0, classes = 0] = scores.dims;
      const data = scores.data as Float32Array;
      batch.forEach((crop, i) => {
        const decoded = ctcDecode(data, i * steps * classes, steps, classes, this.alphabet);
        const line = lineFromDecoded(decoded, crop.box, crop.width / stride, crop.rotate);
        if (line) lines.push(line);
      });
    }
    return joinRowLines(lines);
  }
}

/**
 * Crops in batches of similar width (sorted narrowest first): a batch is padded to its widest
 * crop, and the recogniser's cost grows faster than the width.
 */
function similarWidths<T extends { width: number }>(crops: T[], size: number): T[][] {
  const batches: T[][] = [];
  let batch: T[] = [];
  for (const crop of crops) {
    const first = batch[0];
    if (batch.length >= size || (first && crop.width > first.width * 1.3)) {
      batches.push(batch);
      batch = [];
    }
    batch.push(crop);
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

interface DecodedPoster extends RgbImage {
  originalWidth: number;
  originalHeight: number;
}

async function decodeRgb(bytes: Buffer, maxSide: number): Promise<DecodedPoster> {
  try {
    const base = sharp(bytes).autoOrient();
    const meta = await base.metadata();
    const oriented = (meta.orientation ?? 1) >= 5;
    const originalWidth = (oriented ? meta.height : meta.width) ?? 0;
    const originalHeight = (oriented ? meta.width : meta.height) ?? 0;
    const { data, info } = await base
      .resize({ width: maxSide, height: maxSide, fit: "inside", withoutEnlargement: true })
      .flatten({ background: "#ffffff" })
      .toColourspace("srgb")
      .raw()
      .toBuffer({ resolveWithObject: true });
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
      width: info.width,
      height: info.height,
      originalWidth: originalWidth || info.width,
      originalHeight: originalHeight || info.height,
    };
  } catch (error) {
    throw new PermanentProcessingError(
      "CORRUPT_IMAGE",
      `OCR could not decode the poster: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function scaleBox(box: Box, scale: number): Box {
  if (scale === 1) return box;
  return {
    x: Math.round(box.x * scale),
    y: Math.round(box.y * scale),
    width: Math.max(1, Math.round(box.width * scale)),
    height: Math.max(1, Math.round(box.height * scale)),
  };
}

function scaleLine(line: OcrLine, scale: number): OcrLine {
  if (scale === 1) return line;
  const box = (b: Box) => scaleBox(b, scale);
  return { ...line, box: box(line.box), words: line.words.map((word) => ({ ...word, box: box(word.box) })) };
}
