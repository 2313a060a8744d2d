import sharp, { type Sharp, type SharpOptions } from "sharp";
import { PermanentProcessingError } from "../domain/errors.js";
import type { PosterImage } from "../ports/detector.js";
import { decodeBmp, looksLikeBmp, readBmpHeader } from "./bmp.js";

/**
 * The most pixels decoded after the gate: sharp's own default input limit (0x3FFF²). The gate has
 * already held every stored poster to MAX_IMAGE_PIXELS from its header; this bounds a decode even so.
 */
export const DECODE_PIXEL_LIMIT = 0x3fff * 0x3fff;

/**
 * A sharp pipeline over any image the gate accepts. sharp has no BMP loader, so a BMP is decoded
 * here (pixel count bounded) and handed to sharp as raw pixels; everything else goes to sharp as is.
 */
export function openImage(bytes: Buffer, options: SharpOptions = {}): Sharp {
  if (!looksLikeBmp(bytes)) return sharp(bytes, options);
  const { data, width, height, channels } = decodeBmp(bytes, { maxPixels: DECODE_PIXEL_LIMIT });
  return sharp(data, { ...options, raw: { width, height, channels } });
}

/** Width and height as displayed (EXIF orientation applied), from the header. */
export async function displayedSize(bytes: Buffer): Promise<{ width: number; height: number }> {
  if (looksLikeBmp(bytes)) {
    const { width, height } = readBmpHeader(bytes);
    return { width, height };
  }
  return (await sharp(bytes).metadata()).autoOrient;
}

/**
 * The poster as the detectors can read it. A BMP becomes a lossless PNG of its pixels, with the
 * file's own format and size kept in `file` so the technical rules still judge the file itself
 * (UNSUPPORTED_FORMAT, FILE_TOO_LARGE); every other format is read as it is.
 */
export async function readablePoster(image: PosterImage): Promise<PosterImage> {
  if (image.format !== "bmp" || image.file) return image;
  try {
    const png = await openImage(image.bytes).png({ compressionLevel: 1 }).toBuffer();
    return {
      bytes: png,
      format: "png",
      posterHash: image.posterHash,
      file: { format: "bmp", bytes: image.bytes.length },
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new PermanentProcessingError("CORRUPT_IMAGE", `the BMP poster cannot be decoded: ${reason}`);
  }
}
