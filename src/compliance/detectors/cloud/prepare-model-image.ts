import sharp from "sharp";
import { PermanentProcessingError } from "../../../domain/errors.js";

export type ModelImageFormat = "jpeg" | "png" | "webp" | "gif";

/** What a model API accepts for one image. */
export interface ModelImageLimits {
  formats: readonly ModelImageFormat[];
  /** Longest side in pixels; larger posters are scaled down to it. */
  maxSide: number;
  maxBytes: number;
}

export interface ModelImage {
  bytes: Buffer;
  format: ModelImageFormat;
  /** The poster as displayed (EXIF orientation applied): model boxes map onto these pixels. */
  poster: { width: number; height: number };
}

const JPEG_QUALITIES = [85, 70, 50];

/**
 * The poster as the model should get it: the original bytes when the API takes them as they are,
 * otherwise upright, scaled to fit `maxSide`, flattened and re-encoded as JPEG.
 */
export async function prepareModelImage(
  bytes: Buffer,
  limits: ModelImageLimits,
  who: string,
): Promise<ModelImage> {
  try {
    const metadata = await sharp(bytes).metadata();
    const poster = metadata.autoOrient;
    const format = limits.formats.find((f) => f === metadata.format);
    const usableAsIs =
      format !== undefined &&
      (metadata.orientation ?? 1) === 1 &&
      (metadata.pages ?? 1) === 1 &&
      Math.max(poster.width, poster.height) <= limits.maxSide &&
      bytes.length <= limits.maxBytes;
    if (usableAsIs) return { bytes, format, poster };
    return { bytes: await reencode(bytes, limits, who), format: "jpeg", poster };
  } catch (error) {
    if (error instanceof PermanentProcessingError) throw error;
    throw new PermanentProcessingError(
      "CORRUPT_IMAGE",
      `${who}: cannot prepare the poster for the model: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

async function reencode(bytes: Buffer, limits: ModelImageLimits, who: string): Promise<Buffer> {
  if (!limits.formats.includes("jpeg")) throw new Error("the model takes no JPEG to re-encode into");
  const upright = sharp(bytes)
    .autoOrient()
    .resize({ width: limits.maxSide, height: limits.maxSide, fit: "inside", withoutEnlargement: true })
    .flatten({ background: "#ffffff" });
  for (const quality of JPEG_QUALITIES) {
    const jpeg = await upright.clone().jpeg({ quality }).toBuffer();
    if (jpeg.length <= limits.maxBytes) return jpeg;
  }
  throw new PermanentProcessingError(
    "IMAGE_TOO_LARGE",
    `${who}: the poster stays above ${limits.maxBytes} bytes even as a ${limits.maxSide} px JPEG`,
  );
}
