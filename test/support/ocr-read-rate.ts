/**
 * Measures the OCR detector on generated posters: share of drawn lines read exactly, junk words
 * (read where nothing was drawn), wall-clock ms per poster and CPU ms per poster (all threads, so
 * it holds on a busy machine), for one or more setting variants.
 *
 *   npx tsx test/support/ocr-read-rate.ts [--size 1000x1500] [--count 20] [--config name,...]
 *   npx tsx test/support/ocr-read-rate.ts --calibrate   # read rate and junk per confidence threshold
 */
import { parseArgs } from "node:util";
import Tesseract from "tesseract.js";
import { createOcrDetector } from "../../src/compliance/detectors/ocr/ocr-detector.js";
import type { OcrSettings } from "../../src/compliance/detectors/ocr/ocr-settings.js";
import type { OcrObservation, OcrWord } from "../../src/compliance/observations/ocr-observation.js";
import type { Box } from "../../src/domain/violation.js";
import {
  type DrawnLine,
  generatePosterSpecs,
  normaliseText,
  type RenderedPoster,
  renderPoster,
} from "./ocr-posters.js";

const { SPARSE_TEXT, AUTO, SINGLE_COLUMN } = Tesseract.PSM;
type PassInput = "page" | "lines";
const pass = (input: PassInput, longest: number, psm: Tesseract.PSM) => ({
  input,
  maxLongestSide: longest,
  minLongestSide: longest,
  psm,
});
const fullSize = { input: "page" as const, maxLongestSide: 100_000, minLongestSide: 0, psm: AUTO };

/** The settings compared; `default` is the detector's. */
export const CONFIGS: Record<string, Partial<OcrSettings>> = {
  "full-auto": { passes: [fullSize] },
  "page1500-auto": { passes: [pass("page", 1500, AUTO)] },
  page1500: { passes: [pass("page", 1500, SPARSE_TEXT)] },
  "page1500-norm": { normalise: true, passes: [pass("page", 1500, SPARSE_TEXT)] },
  "page1500+page1000": { passes: [pass("page", 1500, SPARSE_TEXT), pass("page", 1000, SPARSE_TEXT)] },
  lines1500: { passes: [pass("lines", 1500, SINGLE_COLUMN)] },
  "lines1500+lines1000": { passes: [pass("lines", 1500, SINGLE_COLUMN), pass("lines", 1000, SINGLE_COLUMN)] },
  "lines1500+page1500": { passes: [pass("lines", 1500, SINGLE_COLUMN), pass("page", 1500, SPARSE_TEXT)] },
  default: {},
  "default-norm": { normalise: true },
  "default-4.0.0": { variant: "4.0.0" },
  "default-min2letters": {
    lineFinder: { neighbourhoodSigma: 8, contrast: 10, minLetters: 2, maxLines: 200 },
  },
};

export interface PosterScore {
  drawn: number;
  read: number;
  junkWords: number;
  missed: string[];
}

/** A drawn line counts as read when the words found on it spell exactly its text. */
export function scorePoster(poster: RenderedPoster, observation: OcrObservation): PosterScore {
  const words = observation.lines.flatMap((line) => line.words);
  let read = 0;
  const missed: string[] = [];
  for (const line of poster.lines) {
    const found = wordsOn(line, words);
    const text = normaliseText(found.map((word) => word.text).join(" "));
    if (text === normaliseText(line.text)) read++;
    else missed.push(`${line.text} -> ${text || "(nothing)"} [${line.style} ${line.sizePx}px]`);
  }
  const junkWords = words.filter(
    (word) => !poster.lines.some((line) => contains(grow(line.box), centre(word.box))),
  );
  return { drawn: poster.lines.length, read, junkWords: junkWords.length, missed };
}

export function wordsOn(line: DrawnLine, words: OcrWord[]): OcrWord[] {
  const area = grow(line.box);
  return words.filter((word) => contains(area, centre(word.box))).sort((a, b) => a.box.x - b.box.x);
}

function grow(box: Box): Box {
  const margin = box.height * 0.3;
  return {
    x: box.x - margin,
    y: box.y - margin,
    width: box.width + 2 * margin,
    height: box.height + 2 * margin,
  };
}

function centre(box: Box): { x: number; y: number } {
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

function contains(box: Box, point: { x: number; y: number }): boolean {
  return (
    point.x >= box.x && point.x <= box.x + box.width && point.y >= box.y && point.y <= box.y + box.height
  );
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? 0;
}

async function evaluate(name: string, posters: RenderedPoster[], settings: Partial<OcrSettings>) {
  const detector = createOcrDetector({ settings });
  await detector.warmUp();
  const durations: number[] = [];
  const cpu: number[] = [];
  let drawn = 0;
  let read = 0;
  let junkWords = 0;
  const missed: string[] = [];
  try {
    for (const [index, poster] of posters.entries()) {
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      const observation = await detector.detect({
        bytes: poster.bytes,
        format: "jpeg",
        posterHash: `${index}`,
      });
      durations.push(performance.now() - started);
      const cpuUsed = process.cpuUsage(cpuBefore);
      // All threads of the process, the OCR workers' included.
      cpu.push((cpuUsed.user + cpuUsed.system) / 1000);
      const score = scorePoster(poster, observation);
      drawn += score.drawn;
      read += score.read;
      junkWords += score.junkWords;
      missed.push(...score.missed.map((line) => `#${index} ${line}`));
    }
  } finally {
    await detector.close();
  }
  return {
    config: name,
    version: detector.version,
    readRate: Number((read / drawn).toFixed(3)),
    read,
    drawn,
    junkWords,
    p50Ms: Math.round(percentile(durations, 0.5)),
    p90Ms: Math.round(percentile(durations, 0.9)),
    p50CpuMs: Math.round(percentile(cpu, 0.5)),
    missed,
  };
}

/** Reads everything, then applies each threshold afterwards to see what it costs and saves. */
async function calibrate(posters: RenderedPoster[], settings: Partial<OcrSettings>) {
  const detector = createOcrDetector({
    settings: { ...settings, minWordConfidence: 0, minSingleCharConfidence: 0, minShortLineConfidence: 0 },
  });
  const observations: OcrObservation[] = [];
  try {
    for (const [index, poster] of posters.entries()) {
      observations.push(
        await detector.detect({ bytes: poster.bytes, format: "jpeg", posterHash: `${index}` }),
      );
    }
  } finally {
    await detector.close();
  }
  const rows = [];
  for (const threshold of [0, 0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9]) {
    for (const singleChar of [threshold, 0.85, 0.9]) {
      if (singleChar < threshold) continue;
      let read = 0;
      let drawn = 0;
      let junk = 0;
      for (const [index, poster] of posters.entries()) {
        const observation = observations[index] as OcrObservation;
        const kept = observation.lines.map((line) => ({
          ...line,
          words: line.words.filter(
            (word) => word.confidence >= ([...word.text].length === 1 ? singleChar : threshold),
          ),
        }));
        const score = scorePoster(poster, { ...observation, lines: kept });
        read += score.read;
        drawn += score.drawn;
        junk += score.junkWords;
      }
      rows.push({ threshold, singleChar, readRate: Number((read / drawn).toFixed(3)), junkWords: junk });
    }
  }
  const junkSamples = observations.flatMap((observation, index) =>
    observation.lines
      .flatMap((line) => line.words)
      .filter(
        (word) => !(posters[index] as RenderedPoster).lines.some((line) => wordsOn(line, [word]).length > 0),
      )
      .map((word) => `${word.text}@${word.confidence.toFixed(2)}`),
  );
  return { rows, junkSamples };
}

async function main() {
  const { values } = parseArgs({
    options: {
      size: { type: "string", default: "1000x1500" },
      count: { type: "string", default: "20" },
      seed: { type: "string", default: "1" },
      config: { type: "string", default: Object.keys(CONFIGS).join(",") },
      calibrate: { type: "boolean", default: false },
    },
  });
  const [width, height] = values.size.split("x").map(Number) as [number, number];
  const specs = generatePosterSpecs(Number(values.count), width, height, Number(values.seed));
  const posters: RenderedPoster[] = [];
  for (const spec of specs) posters.push(await renderPoster(spec));
  const names = values.config.split(",");
  if (values.calibrate) {
    const name = names[0] as string;
    console.log(
      JSON.stringify(
        { size: values.size, config: name, ...(await calibrate(posters, CONFIGS[name] ?? {})) },
        null,
        1,
      ),
    );
    return;
  }
  for (const name of names) {
    const settings = CONFIGS[name];
    if (!settings) throw new Error(`unknown config ${name}; known: ${Object.keys(CONFIGS).join(", ")}`);
    console.log(JSON.stringify({ size: values.size, ...(await evaluate(name, posters, settings)) }));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
