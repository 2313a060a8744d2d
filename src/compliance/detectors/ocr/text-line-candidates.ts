import type { Box } from "../../../domain/violation.js";
import { type Component, type Components, connectedComponents } from "./connected-components.js";

/** Dark text on a lighter ground, or light text on a darker ground. */
export type Polarity = "dark" | "light";

export interface GreyImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** A run of letter-like blobs side by side: probably a line of text. */
export interface TextLineCandidate {
  polarity: Polarity;
  /** The blobs and a little margin: what is worth reading. */
  box: Box;
  /** Median blob height, about the cap height. */
  letterHeight: number;
  letters: number;
}

export interface TextLineCandidates {
  lines: TextLineCandidate[];
  /** The ink blobs (value -1 dark, 1 light), to draw a line's ink without what touches it. */
  ink: Components;
}

export const POLARITY_VALUE: Record<Polarity, number> = { dark: -1, light: 1 };

export interface CandidateOptions {
  /** How far (grey levels) a pixel must differ from its neighbourhood's mean to be ink. */
  contrast: number;
  /** Fewest blobs in a line. */
  minLetters: number;
  /** Most lines kept, the longest first, so texture cannot make a page endless. */
  maxLines: number;
}

const MIN_LETTER_HEIGHT = 7;
/** A letter may be this share of the image height at most (huge titles stay possible). */
const MAX_LETTER_HEIGHT_SHARE = 0.2;
const MAX_HEIGHT_RATIO = 1.8;
const MIN_ROW_OVERLAP = 0.6;
/** Largest gap between neighbouring letters, in letter heights (word spaces included). */
const MAX_GAP = 1.0;
/** A letter's stroke is at most this share of its height; lumps are thicker. */
const MAX_STROKE_SHARE = 0.35;
/** Letters of one line share a pen: their stroke widths differ by at most this factor. */
const MAX_STROKE_RATIO = 1.8;

/**
 * Finds text lines the way a reader does on a busy poster: ink is what stands out from its
 * neighbourhood (either polarity), letters are blobs of similar height, and a line is a row of
 * them. Tesseract's own page layout breaks down on photos and texture; a page made of these
 * lines alone gives it the clean layout it expects.
 */
export function findTextLineCandidates(
  grey: GreyImage,
  localMean: Uint8Array,
  options: CandidateOptions,
): TextLineCandidates {
  const { width, height } = grey;
  const mask = new Int8Array(width * height);
  for (let i = 0; i < mask.length; i++) {
    const difference = (grey.data[i] as number) - (localMean[i] as number);
    mask[i] = difference < -options.contrast ? -1 : difference > options.contrast ? 1 : 0;
  }
  const ink = connectedComponents(mask, width, height);
  const lines = (["dark", "light"] as const).flatMap((polarity) =>
    chainLetters(
      ink.blobs.filter((blob) => blob.value === POLARITY_VALUE[polarity]),
      grey,
      polarity,
      options.minLetters,
    ),
  );
  return { lines: lines.sort((a, b) => b.letters - a.letters).slice(0, options.maxLines), ink };
}

/** Stroke width of a blob drawn with strokes: area over half its outline. */
function strokeWidth(blob: Component): number {
  return (2 * blob.pixels) / Math.max(1, blob.edgePixels);
}

function isLetterLike(blob: Component, imageHeight: number): boolean {
  return (
    blob.height >= MIN_LETTER_HEIGHT &&
    blob.height <= imageHeight * MAX_LETTER_HEIGHT_SHARE &&
    blob.width <= blob.height * 4 &&
    blob.pixels >= 15 &&
    blob.pixels / (blob.width * blob.height) >= 0.12 &&
    // Letters are drawn with strokes; solid lumps of texture are not.
    strokeWidth(blob) <= blob.height * MAX_STROKE_SHARE
  );
}

function chainLetters(
  blobs: Component[],
  image: GreyImage,
  polarity: Polarity,
  minLetters: number,
): TextLineCandidate[] {
  const letters = blobs.filter((blob) => isLetterLike(blob, image.height)).sort((a, b) => a.x - b.x);
  const parent = letters.map((_, index) => index);
  const root = (index: number): number => {
    let current = index;
    while (parent[current] !== current) current = parent[current] as number;
    parent[index] = current;
    return current;
  };
  for (let i = 0; i < letters.length; i++) {
    const a = letters[i] as Component;
    const reach = a.x + a.width + MAX_GAP * a.height * MAX_HEIGHT_RATIO;
    for (let j = i + 1; j < letters.length; j++) {
      const b = letters[j] as Component;
      if (b.x > reach) break;
      if (areNeighbours(a, b)) parent[root(i)] = root(j);
    }
  }
  const chains = new Map<number, Component[]>();
  letters.forEach((letter, index) => {
    const key = root(index);
    const chain = chains.get(key);
    if (chain) chain.push(letter);
    else chains.set(key, [letter]);
  });
  const lines: TextLineCandidate[] = [];
  for (const chain of chains.values()) {
    if (chain.length < minLetters) continue;
    const line = toLine(chain, image, polarity);
    if (line) lines.push(line);
  }
  return lines;
}

function areNeighbours(a: Component, b: Component): boolean {
  const tall = Math.max(a.height, b.height);
  const short = Math.min(a.height, b.height);
  if (tall / short > MAX_HEIGHT_RATIO) return false;
  const strokes = [strokeWidth(a), strokeWidth(b)].sort((x, y) => x - y) as [number, number];
  if (strokes[1] / strokes[0] > MAX_STROKE_RATIO) return false;
  const shared = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (shared < MIN_ROW_OVERLAP * short) return false;
  const gap = b.x - (a.x + a.width);
  return gap >= -0.3 * short && gap <= MAX_GAP * tall;
}

function toLine(chain: Component[], image: GreyImage, polarity: Polarity): TextLineCandidate | undefined {
  const heights = chain.map((blob) => blob.height).sort((a, b) => a - b);
  const letterHeight = heights[heights.length >> 1] as number;
  const left = Math.min(...chain.map((blob) => blob.x));
  const top = Math.min(...chain.map((blob) => blob.y));
  const right = Math.max(...chain.map((blob) => blob.x + blob.width));
  const bottom = Math.max(...chain.map((blob) => blob.y + blob.height));
  // A line is about as tall as its letters and longer than it is tall; texture rarely is both.
  if (bottom - top > letterHeight * 2.2 || right - left < letterHeight * 1.5) return undefined;
  const marginX = Math.round(letterHeight * 0.3);
  const marginY = Math.round(letterHeight * 0.12) + 1;
  const x = Math.max(0, left - marginX);
  const y = Math.max(0, top - marginY);
  const box = {
    x,
    y,
    width: Math.min(image.width, right + marginX) - x,
    height: Math.min(image.height, bottom + marginY) - y,
  };
  return { polarity, box, letterHeight, letters: chain.length };
}
