import type { Box } from "../../../domain/violation.js";
import type { Component, Components } from "./connected-components.js";
import {
  type GreyImage,
  POLARITY_VALUE,
  type TextLineCandidate,
  type TextLineCandidates,
} from "./text-line-candidates.js";

/** Where one candidate line sits on the page, to map what is read there back. */
export interface LinePageRow {
  line: TextLineCandidate;
  top: number;
  left: number;
  /** Page pixels per source pixel for this row. */
  scale: number;
  height: number;
}

/** The candidate lines one under the other on white, each dark-on-light at a size tesseract reads best. */
export interface LinePage {
  pixels: Uint8Array;
  width: number;
  height: number;
  rows: LinePageRow[];
}

const GAP = 24;
/** Letter height (pixels) each row is scaled to. */
const TARGET_LETTER_HEIGHT = 40;
const MIN_ROW_SCALE = 0.25;
const MAX_ROW_SCALE = 4;

export function composeLinePage(grey: GreyImage, candidates: TextLineCandidates): LinePage {
  const rendered = candidates.lines.map((line) => {
    const scale = Math.min(MAX_ROW_SCALE, Math.max(MIN_ROW_SCALE, TARGET_LETTER_HEIGHT / line.letterHeight));
    const source = renderLine(grey, candidates.ink, line);
    return { line, scale, image: resize(source, line.box.width, line.box.height, scale) };
  });
  const width = Math.max(1, ...rendered.map((row) => row.image.width)) + 2 * GAP;
  const height = rendered.reduce((sum, row) => sum + row.image.height + GAP, GAP);
  const pixels = new Uint8Array(width * height).fill(255);
  const rows: LinePageRow[] = [];
  let top = GAP;
  for (const { line, scale, image } of rendered) {
    for (let row = 0; row < image.height; row++) {
      pixels.set(image.data.subarray(row * image.width, (row + 1) * image.width), (top + row) * width + GAP);
    }
    rows.push({ line, top, left: GAP, scale, height: image.height });
    top += image.height + GAP;
  }
  return { pixels, width, height, rows };
}

/**
 * Only the ink blobs lying wholly inside the line's box (its letters, dots and dashes), dark on
 * white; blobs reaching out of the box are texture or art touching the line, which is what makes
 * tesseract misread a line it would otherwise read.
 */
function renderLine(grey: GreyImage, ink: Components, line: TextLineCandidate): Uint8Array {
  const { x, y, width, height } = line.box;
  const polarity = POLARITY_VALUE[line.polarity];
  const verdicts = new Map<number, boolean>();
  const within = (blob: number) => {
    let verdict = verdicts.get(blob);
    if (verdict === undefined) {
      const b = ink.blobs[blob] as Component;
      verdict = b.x >= x && b.y >= y && b.x + b.width <= x + width && b.y + b.height <= y + height;
      verdicts.set(blob, verdict);
    }
    return verdict;
  };
  const values = new Uint8Array(width * height);
  const kind = new Uint8Array(width * height); // 0 paper, 1 ink of the line, 2 ink reaching outside
  for (let row = 0; row < height; row++) {
    for (let column = 0; column < width; column++) {
      const source = (y + row) * grey.width + x + column;
      const level = grey.data[source] as number;
      const index = row * width + column;
      values[index] = line.polarity === "light" ? 255 - level : level;
      const blob = ink.labels[source] as number;
      if (blob >= 0 && (ink.blobs[blob] as Component).value === polarity) kind[index] = within(blob) ? 1 : 2;
    }
  }
  const { ink: inkLevel, paper } = levels(values, kind);
  const span = Math.max(1, paper - inkLevel);
  const out = new Uint8Array(width * height).fill(255);
  for (let row = 0; row < height; row++) {
    for (let column = 0; column < width; column++) {
      const index = row * width + column;
      // One pixel around the ink keeps the letters' anti-aliased edges.
      const near =
        kind[index] === 1 ||
        (column > 0 && kind[index - 1] === 1) ||
        (column < width - 1 && kind[index + 1] === 1) ||
        (row > 0 && kind[index - width] === 1) ||
        (row < height - 1 && kind[index + width] === 1);
      if (!near) continue;
      const stretched = Math.round((((values[index] as number) - inkLevel) / span) * 255);
      out[index] = Math.min(255, Math.max(0, stretched));
    }
  }
  return out;
}

/** The line's ink level (darkest tenth of its ink) and paper level (lightest tenth of the rest). */
function levels(values: Uint8Array, kind: Uint8Array): { ink: number; paper: number } {
  const inkHistogram = new Uint32Array(256);
  const paperHistogram = new Uint32Array(256);
  for (let index = 0; index < values.length; index++) {
    const value = values[index] as number;
    if (kind[index] === 1) inkHistogram[value] = (inkHistogram[value] as number) + 1;
    else if (kind[index] === 0) paperHistogram[value] = (paperHistogram[value] as number) + 1;
  }
  const ink = percentile(inkHistogram, 0.1) ?? 0;
  const paper = percentile(paperHistogram, 0.9) ?? 255;
  return { ink, paper: Math.max(paper, ink + 32) };
}

function percentile(histogram: Uint32Array, share: number): number | undefined {
  const total = histogram.reduce((sum, count) => sum + count, 0);
  if (total === 0) return undefined;
  const rank = Math.floor(total * share);
  let seen = 0;
  for (let value = 0; value < 256; value++) {
    seen += histogram[value] as number;
    if (seen > rank) return value;
  }
  return 255;
}

/** Bilinear resize of a grey buffer. */
function resize(
  data: Uint8Array,
  width: number,
  height: number,
  scale: number,
): { data: Uint8Array; width: number; height: number } {
  const outWidth = Math.max(1, Math.round(width * scale));
  const outHeight = Math.max(1, Math.round(height * scale));
  const out = new Uint8Array(outWidth * outHeight);
  for (let row = 0; row < outHeight; row++) {
    const sourceY = Math.min(height - 1, Math.max(0, (row + 0.5) / scale - 0.5));
    const y0 = Math.floor(sourceY);
    const y1 = Math.min(height - 1, y0 + 1);
    const fy = sourceY - y0;
    for (let column = 0; column < outWidth; column++) {
      const sourceX = Math.min(width - 1, Math.max(0, (column + 0.5) / scale - 0.5));
      const x0 = Math.floor(sourceX);
      const x1 = Math.min(width - 1, x0 + 1);
      const fx = sourceX - x0;
      const top = (data[y0 * width + x0] as number) * (1 - fx) + (data[y0 * width + x1] as number) * fx;
      const bottom = (data[y1 * width + x0] as number) * (1 - fx) + (data[y1 * width + x1] as number) * fx;
      out[row * outWidth + column] = Math.round(top * (1 - fy) + bottom * fy);
    }
  }
  return { data: out, width: outWidth, height: outHeight };
}

/** Maps a box read on the line page back to the image the lines came from; undefined off any row. */
export function toSourceBox(page: LinePage, box: Box): Box | undefined {
  const middle = box.y + box.height / 2;
  const row = page.rows.find(
    (candidate) => middle >= candidate.top && middle < candidate.top + candidate.height,
  );
  if (!row) return undefined;
  return {
    x: (box.x - row.left) / row.scale + row.line.box.x,
    y: (box.y - row.top) / row.scale + row.line.box.y,
    width: box.width / row.scale,
    height: box.height / row.scale,
  };
}
