import { fileTypeFromBuffer } from "file-type";
import sharp, { type Metadata } from "sharp";
import { PosterRejectedError } from "../domain/errors.js";
import type { ImageFormat } from "../domain/poster-key.js";
import type { InspectedImage } from "../ports/image-inspector.js";
import { BmpError, readBmpHeader, verifyBmp } from "./bmp.js";

export interface InspectImageOptions {
  /** Largest width × height accepted, decided from the header before any pixel is decoded. */
  maxPixels: number;
}

/**
 * How strict decoding is once an image has passed the gate: truncated files and undecodable pixel
 * data fail, while decoder warnings that real files carry (Samsung phones write JPEGs with invalid
 * SOS parameters, old PNGs carry known-incorrect sRGB profiles) do not.
 */
export const DECODE_FAIL_ON = "error";

/** A decoder warning that means pixel data is missing, not merely unusual. */
const MISSING_DATA = /premature end|unexpected end|truncat/i;

export const FORMAT_NAMES: Record<ImageFormat, string> = {
  jpeg: "JPEG",
  png: "PNG",
  webp: "WebP",
  gif: "GIF",
  avif: "AVIF",
  tiff: "TIFF",
  bmp: "BMP",
};

/** file-type's extension → the format we store it as (an APNG is a PNG whose first frame sharp reads). */
const ACCEPTED_EXTENSIONS: Record<string, ImageFormat> = {
  jpg: "jpeg",
  png: "png",
  apng: "png",
  webp: "webp",
  gif: "gif",
  avif: "avif",
  tif: "tiff",
  bmp: "bmp",
};

/** The soundness check decodes into an image this small: JPEG and WebP then shrink on load. */
const CHECK_SIZE = 64;

const ACCEPTED_LIST = "JPEG, PNG, WebP, GIF, AVIF, TIFF or BMP";

/**
 * The gate a submitted poster passes before it is stored: the bytes must be a JPEG, PNG, WebP, GIF,
 * AVIF, TIFF or BMP (whatever the sender claimed), within the pixel limit, and decode completely.
 * The gate takes every format it can decode, not only those a policy accepts: a poster in a format
 * the platform does not take is a verdict (UNSUPPORTED_FORMAT), not a refusal.
 * Throws PosterRejectedError with NOT_AN_IMAGE, UNSUPPORTED_IMAGE, TOO_MANY_PIXELS or CORRUPT_IMAGE.
 */
export async function inspectImage(bytes: Buffer, options: InspectImageOptions): Promise<InspectedImage> {
  const format = await sniffFormat(bytes);
  const { width, height } = await readDimensions(bytes, format);
  const pixels = width * height;
  if (pixels > options.maxPixels) {
    const [size, limit] = pixelCounts(pixels, options.maxPixels);
    throw new PosterRejectedError(
      "TOO_MANY_PIXELS",
      `the file is a ${FORMAT_NAMES[format]} of ${width}×${height} = ${size}; the limit is ${limit}`,
    );
  }
  await decodeCompletely(bytes, format, options.maxPixels);
  return { format, width, height };
}

/** Maps sharp's decoder name to ours; undefined for decoders we do not accept (svg, pdf, heic, …). */
export function imageFormatOf(metadata: Pick<Metadata, "format" | "compression">): ImageFormat | undefined {
  switch (metadata.format) {
    case "jpeg":
    case "png":
    case "webp":
    case "gif":
    case "tiff":
      return metadata.format;
    case "heif":
      return metadata.compression === "av1" ? "avif" : undefined;
    default:
      return undefined;
  }
}

async function sniffFormat(bytes: Buffer): Promise<ImageFormat> {
  if (bytes.length === 0) throw new PosterRejectedError("NOT_AN_IMAGE", "the file is empty");
  const type = await fileTypeFromBuffer(bytes);
  const accepted = type && ACCEPTED_EXTENSIONS[type.ext];
  if (accepted) return accepted;
  const signed = type ? undefined : formatBySignature(bytes);
  if (signed) {
    throw new PosterRejectedError(
      "CORRUPT_IMAGE",
      `the file starts like a ${FORMAT_NAMES[signed]} but is too short or damaged to be one`,
    );
  }
  if (type?.mime.startsWith("image/")) {
    throw new PosterRejectedError(
      "UNSUPPORTED_IMAGE",
      `the file is a ${type.ext.toUpperCase()} image (${type.mime}); send a ${ACCEPTED_LIST} image`,
    );
  }
  const text = leadingText(bytes);
  if (/<svg[\s>]/i.test(text)) {
    throw new PosterRejectedError(
      "UNSUPPORTED_IMAGE",
      `the file is an SVG drawing; vector images are not accepted, send a ${ACCEPTED_LIST} image`,
    );
  }
  throw new PosterRejectedError("NOT_AN_IMAGE", `${describeNonImage(type?.mime, text)}, not an image`);
}

function describeNonImage(mime: string | undefined, text: string): string {
  if (mime) return `the file is ${mime}`;
  if (/^\s*(<!doctype html|<html|<head|<body)/i.test(text)) return "the file is an HTML page";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what tells binary from text
  if (!/[\u0000-\u0008\u000e-\u001f]/.test(text)) return "the file is text";
  return "the file is in no format PosterGuard recognises";
}

/** The format whose signature the bytes start with, even when too little follows to be sure. */
function formatBySignature(bytes: Buffer): ImageFormat | undefined {
  const starts = (signature: number[], at = 0) => signature.every((byte, i) => bytes[at + i] === byte);
  if (starts([0xff, 0xd8, 0xff])) return "jpeg";
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (starts([0x47, 0x49, 0x46, 0x38])) return "gif";
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return "webp";
  if (starts([0x49, 0x49, 0x2a, 0x00]) || starts([0x4d, 0x4d, 0x00, 0x2a])) return "tiff";
  return undefined;
}

/** The first kilobytes as text, to tell HTML, SVG and plain text apart. */
function leadingText(bytes: Buffer): string {
  return bytes
    .subarray(0, 4096)
    .toString("utf8")
    .replace(/^\uFEFF/, "");
}

/** Width and height as displayed (EXIF orientation applied), from the header alone. */
async function readDimensions(
  bytes: Buffer,
  format: ImageFormat,
): Promise<{ width: number; height: number }> {
  if (format === "bmp") return bmpDimensions(bytes);
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, { failOn: DECODE_FAIL_ON, limitInputPixels: false }).metadata();
  } catch (error) {
    throw corrupt(format, "its header cannot be read", error);
  }
  if (imageFormatOf(metadata) !== format) {
    throw new PosterRejectedError(
      "CORRUPT_IMAGE",
      `the file starts like a ${FORMAT_NAMES[format]} but decodes as ${metadata.format}`,
    );
  }
  return metadata.autoOrient;
}

/**
 * Decodes every pixel into a tiny output, so that truncated or damaged data is found now, not
 * later. Shrink-on-load keeps it cheap (about 11 ms for a 2000×3000 JPEG on one thread).
 *
 * The first pass fails on any decoder warning, so a JPEG whose data stops early but which carries
 * an end marker anyway ("premature end of data segment") is caught; a warning that does not mean
 * missing data gets a second, tolerant pass. A scaled JPEG decode skips the last partial block
 * row, so a JPEG must also run to its EOI marker: cutting it anywhere removes that.
 */
async function decodeCompletely(bytes: Buffer, format: ImageFormat, maxPixels: number): Promise<void> {
  if (format === "jpeg" && !jpegReachesEnd(bytes)) {
    throw new PosterRejectedError(
      "CORRUPT_IMAGE",
      "the file looks like a JPEG but it is truncated: its image data has no end marker",
    );
  }
  const limitInputPixels = Math.max(1, Math.floor(maxPixels));
  if (format === "bmp") {
    try {
      verifyBmp(bytes, { maxPixels: limitInputPixels });
      return;
    } catch (error) {
      throw bmpRejection(error);
    }
  }
  const decode = (failOn: "warning" | typeof DECODE_FAIL_ON) =>
    sharp(bytes, { failOn, limitInputPixels })
      .resize(CHECK_SIZE, CHECK_SIZE, { fit: "inside", withoutEnlargement: true, fastShrinkOnLoad: false })
      .raw()
      .toBuffer();
  try {
    await decode("warning");
    return;
  } catch (error) {
    if (error instanceof Error && MISSING_DATA.test(error.message)) {
      throw corrupt(format, "it is truncated or damaged", error);
    }
  }
  try {
    await decode(DECODE_FAIL_ON);
  } catch (error) {
    throw corrupt(format, "it is truncated or damaged", error);
  }
}

/**
 * Whether the JPEG's marker segments and scans run to an EOI marker. Walks the segments by their
 * lengths (so EXIF thumbnails inside APP1 are skipped) and each scan's entropy-coded data (where an
 * FF is followed only by a stuffed 00 or a restart marker) up to the first EOI; whatever follows it,
 * such as the video a motion photo appends, is not looked at. A cut anywhere leaves no EOI.
 */
function jpegReachesEnd(bytes: Buffer): boolean {
  let at = 2;
  while (at + 1 < bytes.length) {
    if (bytes[at] !== 0xff) {
      // Stray bytes before a marker: libjpeg skips them too.
      at = bytes.indexOf(0xff, at);
      if (at < 0) return false;
      continue;
    }
    const marker = bytes[at + 1] ?? 0;
    if (marker === 0xd9) return true;
    if (marker === 0xff) {
      at += 1;
    } else if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
    } else {
      if (at + 3 >= bytes.length) return false;
      at += 2 + bytes.readUInt16BE(at + 2);
      if (marker === 0xda) at = endOfEntropyCodedData(bytes, at);
    }
  }
  return false;
}

/** Where the marker after a scan's entropy-coded data starts (the buffer's length if none does). */
function endOfEntropyCodedData(bytes: Buffer, from: number): number {
  let at = from;
  for (;;) {
    const ff = bytes.indexOf(0xff, at);
    if (ff < 0 || ff + 1 >= bytes.length) return bytes.length;
    const next = bytes[ff + 1] ?? 0;
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) {
      at = ff + 1;
      continue;
    }
    return ff;
  }
}

/** A BMP's size from its header: sharp has no BMP loader (see bmp.ts). */
function bmpDimensions(bytes: Buffer): { width: number; height: number } {
  try {
    const { width, height } = readBmpHeader(bytes);
    return { width, height };
  } catch (error) {
    throw bmpRejection(error);
  }
}

function bmpRejection(error: unknown): PosterRejectedError {
  if (!(error instanceof BmpError)) return corrupt("bmp", "it cannot be decoded", error);
  switch (error.kind) {
    case "not-bmp":
      // file-type calls anything starting with "BM" a bitmap; without a bitmap header it is no image.
      return new PosterRejectedError("NOT_AN_IMAGE", `${error.message}, not an image`);
    case "unsupported":
      return new PosterRejectedError("UNSUPPORTED_IMAGE", `${error.message}; send a ${ACCEPTED_LIST} image`);
    case "too-many-pixels":
      return new PosterRejectedError("TOO_MANY_PIXELS", error.message);
    case "corrupt":
      return new PosterRejectedError("CORRUPT_IMAGE", `the file is a damaged BMP: ${error.message}`);
  }
}

function corrupt(format: ImageFormat, what: string, error: unknown): PosterRejectedError {
  const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return new PosterRejectedError(
    "CORRUPT_IMAGE",
    `the file looks like a ${FORMAT_NAMES[format]} but ${what} (${reason})`,
  );
}

/** Both counts in megapixels, or in exact pixels when rounding would make them look equal. */
function pixelCounts(pixels: number, limit: number): [string, string] {
  const size = megapixels(pixels);
  const max = megapixels(limit);
  return size === max ? [`${pixels} pixels`, `${limit} pixels`] : [`${size} megapixels`, `${max} megapixels`];
}

function megapixels(pixels: number): string {
  const value = pixels / 1_000_000;
  return value >= 10 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}
