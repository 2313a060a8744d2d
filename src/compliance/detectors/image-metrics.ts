import sharp, { type Metadata } from "sharp";
import { PermanentProcessingError } from "../../domain/errors.js";
import type { Box } from "../../domain/violation.js";
import { DECODE_FAIL_ON, imageFormatOf } from "../../imaging/inspect-image.js";
import type { Detector, PosterImage } from "../../ports/detector.js";
import { type GreyPixels, halveBox, halveGrey, laplacianVariance } from "./laplacian.js";
import { type EdgeBands, findEdgeBands, type RawPixels } from "./letterbox.js";

/**
 * Sharpness and bands are measured on the poster scaled to fit this square (never enlarged), so
 * the Laplacian variance of a 2000×3000 poster and of its 1000×1500 copy are comparable.
 */
export const WORKING_SIZE = 512;

/** What the metrics pass measured on a poster; judged by the technical rules. */
export interface ImageMetrics {
  /** As displayed, EXIF orientation applied. */
  width: number;
  height: number;
  /**
   * The file's format: an ImageFormat name (jpeg, png, webp, gif, avif, tiff, bmp), or sharp's decoder
   * name for anything else. A BMP is measured on a copy of its pixels but reported as the BMP it is.
   */
  format: string;
  /** Size of the file (of the file itself when its pixels were read from a copy). */
  bytes: number;
  channels: number;
  /** sharp's colour space: "srgb", "cmyk", "b-w", … */
  space: string;
  hasAlpha: boolean;
  /** Share of pixels that are at least partly transparent (alpha below 250); 0 without alpha. */
  transparentShare: number;
  /** Variance of the 3×3 Laplacian of the luma at the working size, over the area inside the bands. */
  laplacianVariance: number;
  /**
   * The same at half the working size. Blur removes fine detail first, so a blurred picture has a
   * much lower variance at the working size than at this coarser scale; a featureless one (a clear
   * sky) is low at both.
   */
  coarseLaplacianVariance: number;
  workingSize: { width: number; height: number };
  /** Flat bands touching each edge (letterbox, pillarbox, border), in original pixels. */
  bands: EdgeBands;
}

export function createImageMetricsDetector(): Detector<ImageMetrics> {
  return { id: "metrics", version: "1.1.0", detect: measureImage };
}

export async function measureImage(image: PosterImage, signal?: AbortSignal): Promise<ImageMetrics> {
  signal?.throwIfAborted();
  const { metadata, pixels } = await decodeWorkingImage(image.bytes);
  signal?.throwIfAborted();
  const { width, height } = metadata.autoOrient;
  const workingBands = findEdgeBands(pixels);
  const grey = toGrey(pixels);
  const area = contentArea(pixels, workingBands);
  return {
    width,
    height,
    format: image.file?.format ?? imageFormatOf(metadata) ?? metadata.format,
    bytes: image.file?.bytes ?? image.bytes.length,
    channels: metadata.channels,
    space: metadata.space,
    hasAlpha: metadata.hasAlpha,
    transparentShare: metadata.hasAlpha ? await measureTransparency(image.bytes) : 0,
    laplacianVariance: round2(laplacianVariance(grey, area)),
    coarseLaplacianVariance: round2(laplacianVariance(halveGrey(grey), halveBox(area))),
    workingSize: { width: pixels.width, height: pixels.height },
    bands: {
      top: scale(workingBands.top, height, pixels.height),
      bottom: scale(workingBands.bottom, height, pixels.height),
      left: scale(workingBands.left, width, pixels.width),
      right: scale(workingBands.right, width, pixels.width),
    },
  };
}

/** One decode, shrunk on load to the working size, as 8-bit sRGB over black where transparent. */
async function decodeWorkingImage(bytes: Buffer): Promise<{ metadata: Metadata; pixels: RawPixels }> {
  try {
    const input = sharp(bytes, { failOn: DECODE_FAIL_ON, autoOrient: true });
    const metadata = await input.metadata();
    const { data, info } = await input
      .resize(WORKING_SIZE, WORKING_SIZE, { fit: "inside", withoutEnlargement: true })
      .flatten()
      .toColourspace("srgb")
      .raw({ depth: "uchar" })
      .toBuffer({ resolveWithObject: true });
    return { metadata, pixels: { data, width: info.width, height: info.height, channels: info.channels } };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new PermanentProcessingError("CORRUPT_IMAGE", `the poster cannot be decoded: ${reason}`);
  }
}

/** Share of (at least partly) transparent pixels, on a small copy of the alpha channel. */
async function measureTransparency(bytes: Buffer): Promise<number> {
  const { data } = await sharp(bytes, { failOn: DECODE_FAIL_ON })
    .resize(128, 128, { fit: "inside", withoutEnlargement: true })
    .ensureAlpha()
    .extractChannel(3)
    .raw()
    .toBuffer({ resolveWithObject: true });
  let transparent = 0;
  for (const alpha of data) if (alpha < 250) transparent += 1;
  return Math.round((transparent / Math.max(1, data.length)) * 10_000) / 10_000;
}

/** The picture inside the bands; the whole image when the bands leave too little to measure. */
function contentArea(pixels: RawPixels, bands: EdgeBands): Box {
  const width = pixels.width - bands.left - bands.right;
  const height = pixels.height - bands.top - bands.bottom;
  if (width < 3 || height < 3) return { x: 0, y: 0, width: pixels.width, height: pixels.height };
  return { x: bands.left, y: bands.top, width, height };
}

/** Rec. 601 luma, as most focus-measure literature (and OpenCV) computes grey. */
function toGrey(pixels: RawPixels): GreyPixels {
  const { data, width, height, channels } = pixels;
  const grey = new Uint8Array(width * height);
  for (let i = 0, at = 0; i < grey.length; i++, at += channels) {
    grey[i] = ((data[at] ?? 0) * 77 + (data[at + 1] ?? 0) * 150 + (data[at + 2] ?? 0) * 29) >> 8;
  }
  return { data: grey, width, height };
}

function scale(workingLength: number, original: number, working: number): number {
  return Math.round((workingLength * original) / working);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
