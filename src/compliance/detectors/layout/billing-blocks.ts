import sharp from "sharp";
import type { BillingBlockShape } from "../../observations/ocr-observation.js";
import {
  findTextLineCandidates,
  type GreyImage,
  type TextLineCandidate,
} from "../ocr/text-line-candidates.js";
import type { RgbImage } from "../ppocr/rgb-image.js";

export interface BillingBlockSettings {
  /** The foot of the poster searched (share of its height). */
  footFraction: number;
  /** The foot is examined this many pixels across. */
  workingWidth: number;
  /** A billing block's letters are at most this share of the poster's height. */
  maxLetterShare: number;
  /** A row spans at least this share of the poster's width… */
  minRowWidthShare: number;
  /** …and holds at least this many letters. */
  minRowLetters: number;
  /** Rows stacked in one block, at least (two rows of small type are too often texture). */
  minRows: number;
  /** A block's centre is at most this share of the width from the poster's centre line. */
  maxCentreOffset: number;
  /** The rows of a block share one size of type: tallest letters / smallest at most this. */
  maxLetterHeightRatio: number;
  /** Letters per letter-height of row width, at least: billing type is packed tight. */
  minPacking: number;
  /**
   * Grey levels ink differs from its neighbourhood by, at least, one pass each: a firm one
   * that film grain stays below, and a faint one for billing type printed dim on dark art.
   */
  contrasts: readonly number[];
  /** Letters in a block, at least: three short rows of blobs are texture more often than credits. */
  minBlockLetters: number;
}

export const DEFAULT_BILLING_BLOCK_SETTINGS: BillingBlockSettings = {
  footFraction: 0.35,
  workingWidth: 1400,
  maxLetterShare: 0.025,
  minRowWidthShare: 0.2,
  minRowLetters: 8,
  minRows: 3,
  maxCentreOffset: 0.12,
  maxLetterHeightRatio: 1.5,
  minPacking: 0.6,
  contrasts: [20, 12],
  minBlockLetters: 50,
};

const EDGE_MARGIN = 0.02;

/**
 * Finds billing blocks by their shape: stacked rows of many small, tightly packed capitals,
 * spanning much of the width near the foot. Real billing blocks are set in type so condensed
 * that text detectors and recognisers often skip them, yet the shape is unmistakable.
 */
export async function findBillingBlocks(
  bytes: Buffer,
  settings: BillingBlockSettings = DEFAULT_BILLING_BLOCK_SETTINGS,
): Promise<BillingBlockShape[]> {
  const { data, info } = await sharp(bytes)
    .autoOrient()
    .flatten({ background: "#ffffff" })
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  const image = {
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    width: info.width,
    height: info.height,
  };
  return findBillingBlocksIn(image, 1, settings);
}

/**
 * The same on an already decoded RGB copy of the poster (the OCR engine's working copy), whose
 * pixels are `toPoster` poster pixels each: boxes come back in poster pixels.
 */
export async function findBillingBlocksIn(
  rgb: RgbImage,
  toPoster: number,
  settings: BillingBlockSettings = DEFAULT_BILLING_BLOCK_SETTINGS,
): Promise<BillingBlockShape[]> {
  const { width, height } = rgb;
  if (width === 0 || height === 0) return [];
  const top = Math.floor(height * (1 - settings.footFraction));
  const scale = settings.workingWidth / width;
  const stripWidth = settings.workingWidth;
  const stripHeight = Math.max(1, Math.round((height - top) * scale));
  const grey = await sharp(rgb.data, { raw: { width, height, channels: 3 } })
    .extract({ left: 0, top, width, height: height - top })
    .resize(stripWidth, stripHeight, { fit: "fill" })
    .greyscale()
    .raw()
    .toBuffer();
  const image: GreyImage = {
    data: new Uint8Array(grey.buffer, grey.byteOffset, grey.length),
    width: stripWidth,
    height: stripHeight,
  };
  const localMean = await sharp(grey, { raw: { width: stripWidth, height: stripHeight, channels: 1 } })
    .blur(6)
    // sharp hands back a blurred one-channel image as three channels unless told otherwise.
    .toColourspace("b-w")
    .raw()
    .toBuffer();
  const meanData = new Uint8Array(localMean.buffer, localMean.byteOffset, localMean.length);
  const blocks = settings.contrasts.flatMap((contrast) =>
    blocksAt(image, meanData, height * scale, contrast, settings),
  );
  return distinct(blocks).map((group) => {
    const x0 = Math.min(...group.map((r) => r.box.x));
    const y0 = Math.min(...group.map((r) => r.box.y));
    const x1 = Math.max(...group.map((r) => r.box.x + r.box.width));
    const y1 = Math.max(...group.map((r) => r.box.y + r.box.height));
    const letterHeights = group.map((r) => r.letterHeight).sort((a, b) => a - b);
    return {
      box: {
        x: Math.round((x0 / scale) * toPoster),
        y: Math.round((top + y0 / scale) * toPoster),
        width: Math.round(((x1 - x0) / scale) * toPoster),
        height: Math.round(((y1 - y0) / scale) * toPoster),
      },
      rows: group.length,
      letterHeightShare:
        Math.round(((letterHeights[Math.floor(letterHeights.length / 2)] ?? 0) / scale / height) * 10000) /
        10000,
    };
  });
}

/** The blocks of stacked rows found where ink stands `contrast` grey levels out of its neighbourhood. */
function blocksAt(
  image: GreyImage,
  localMean: Uint8Array,
  posterHeight: number,
  contrast: number,
  settings: BillingBlockSettings,
): TextLineCandidate[][] {
  const { lines } = findTextLineCandidates(image, localMean, {
    contrast,
    minLetters: 3,
    maxLines: 200,
  });
  const maxLetter = settings.maxLetterShare * posterHeight;
  const rows = joinRows(lines.filter((line) => line.letterHeight <= maxLetter)).filter(
    (row) =>
      row.box.width >= settings.minRowWidthShare * image.width &&
      row.letters >= settings.minRowLetters &&
      row.letters / (row.box.width / row.letterHeight) >= settings.minPacking,
  );
  return stackRows(rows, settings.maxLetterHeightRatio).filter((group) => {
    if (group.length < settings.minRows) return false;
    if (group.reduce((sum, row) => sum + row.letters, 0) < settings.minBlockLetters) return false;
    const heights = group.map((row) => row.letterHeight);
    if (Math.max(...heights) > settings.maxLetterHeightRatio * Math.min(...heights)) return false;
    const x0 = Math.min(...group.map((row) => row.box.x));
    const x1 = Math.max(...group.map((row) => row.box.x + row.box.width));
    // Type keeps a margin; texture runs off the edges.
    if (x0 < EDGE_MARGIN * image.width || x1 > (1 - EDGE_MARGIN) * image.width) return false;
    return Math.abs((x0 + x1) / 2 - image.width / 2) <= settings.maxCentreOffset * image.width;
  });
}

/** Blocks found by more than one pass once: where two overlap, the one with more rows. */
function distinct(blocks: TextLineCandidate[][]): TextLineCandidate[][] {
  const kept: TextLineCandidate[][] = [];
  for (const block of [...blocks].sort((a, b) => b.length - a.length)) {
    const span = verticalSpan(block);
    const overlaps = kept.some((other) => {
      const o = verticalSpan(other);
      return Math.min(span.y1, o.y1) > Math.max(span.y0, o.y0);
    });
    if (!overlaps) kept.push(block);
  }
  return kept;
}

function verticalSpan(block: readonly TextLineCandidate[]): { y0: number; y1: number } {
  return {
    y0: Math.min(...block.map((row) => row.box.y)),
    y1: Math.max(...block.map((row) => row.box.y + row.box.height)),
  };
}

/**
 * Pieces of one row joined: the line finder breaks a row at every wide word space, and billing
 * blocks mix sizes ("DIRECTED BY" small beside the name).
 */
function joinRows(lines: TextLineCandidate[]): TextLineCandidate[] {
  const rows: TextLineCandidate[] = [];
  for (const line of [...lines].sort((a, b) => a.box.x - b.box.x)) {
    const row = rows.find((candidate) => {
      const overlap =
        Math.min(candidate.box.y + candidate.box.height, line.box.y + line.box.height) -
        Math.max(candidate.box.y, line.box.y);
      const gap = line.box.x - (candidate.box.x + candidate.box.width);
      return (
        candidate.polarity === line.polarity &&
        overlap >= 0.6 * Math.min(candidate.box.height, line.box.height) &&
        gap <= 6 * Math.max(candidate.letterHeight, line.letterHeight)
      );
    });
    if (!row) {
      rows.push({ ...line, box: { ...line.box } });
      continue;
    }
    const x1 = Math.max(row.box.x + row.box.width, line.box.x + line.box.width);
    const y0 = Math.min(row.box.y, line.box.y);
    const y1 = Math.max(row.box.y + row.box.height, line.box.y + line.box.height);
    row.box = { x: row.box.x, y: y0, width: x1 - row.box.x, height: y1 - y0 };
    row.letterHeight = Math.max(row.letterHeight, line.letterHeight);
    row.letters += line.letters;
  }
  return rows;
}

/**
 * Rows one under the other (close, sharing most of their width, in one size of type) grouped
 * into blocks: a title just above a billing block stays out of it.
 */
function stackRows(rows: TextLineCandidate[], maxLetterHeightRatio: number): TextLineCandidate[][] {
  const sorted = [...rows].sort((a, b) => a.box.y - b.box.y);
  const groups: TextLineCandidate[][] = [];
  for (const row of sorted) {
    const group = groups.find((candidate) => {
      const last = candidate.at(-1);
      if (!last) return false;
      const gap = row.box.y - (last.box.y + last.box.height);
      const overlap =
        Math.min(row.box.x + row.box.width, last.box.x + last.box.width) - Math.max(row.box.x, last.box.x);
      const sizes = [row.letterHeight, last.letterHeight].sort((a, b) => a - b) as [number, number];
      return (
        sizes[1] <= maxLetterHeightRatio * sizes[0] &&
        gap <= 2.5 * Math.max(row.letterHeight, last.letterHeight) &&
        overlap >= 0.5 * Math.min(row.box.width, last.box.width)
      );
    });
    const last = group?.at(-1);
    // The same row found in both polarities (letters and their outline) is one row.
    if (group && last && row.box.y < last.box.y + last.box.height / 2) continue;
    if (group) group.push(row);
    else groups.push([row]);
  }
  return groups;
}
