import sharp, { type Sharp } from "sharp";
import { PermanentProcessingError } from "../../../domain/errors.js";
import type { Box } from "../../../domain/violation.js";
import { composeLinePage, type LinePage, toSourceBox } from "./line-page.js";
import type { LineFinderSettings, OcrPass } from "./ocr-settings.js";
import { findTextLineCandidates, type GreyImage } from "./text-line-candidates.js";

/** The poster as displayed (EXIF orientation applied, first frame), in grey. */
export type GreyPoster = GreyImage;

/** What one pass hands to tesseract, and how to map a box read there back to poster pixels. */
export interface PassImage {
  png: Buffer;
  toPoster(box: Box): Box | undefined;
}

export async function decodePoster(bytes: Buffer, normalise: boolean): Promise<GreyPoster> {
  try {
    let image = sharp(bytes).autoOrient().removeAlpha().greyscale();
    if (normalise) image = image.normalise();
    const { data, info } = await image.toColourspace("b-w").raw().toBuffer({ resolveWithObject: true });
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
      width: info.width,
      height: info.height,
    };
  } catch (error) {
    throw new PermanentProcessingError(
      "CORRUPT_IMAGE",
      `OCR could not decode the poster: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Pass pixels per poster pixel. */
export function passScale(poster: Pick<GreyPoster, "width" | "height">, pass: OcrPass): number {
  const longest = Math.max(poster.width, poster.height);
  if (longest > pass.maxLongestSide) return pass.maxLongestSide / longest;
  if (longest < pass.minLongestSide) return pass.minLongestSide / longest;
  return 1;
}

export async function scaleGrey(poster: GreyPoster, scale: number): Promise<GreyImage> {
  if (scale === 1) return poster;
  const width = Math.max(1, Math.round(poster.width * scale));
  const height = Math.max(1, Math.round(poster.height * scale));
  const data = await rawGrey(poster)
    .resize(width, height, { kernel: scale < 1 ? "lanczos3" : "cubic" })
    .toColourspace("b-w")
    .raw()
    .toBuffer();
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width, height };
}

export async function pageImage(grey: GreyImage, scale: number): Promise<PassImage> {
  const png = await encodePng(grey);
  return { png, toPoster: (box) => unscale(box, scale) };
}

export async function linesImage(
  grey: GreyImage,
  scale: number,
  settings: LineFinderSettings,
): Promise<PassImage & { page: LinePage }> {
  const localMean = await rawGrey(grey)
    .blur(settings.neighbourhoodSigma)
    .toColourspace("b-w")
    .raw()
    .toBuffer();
  const page = composeLinePage(grey, findTextLineCandidates(grey, localMean, settings));
  const png = await encodePng({ data: page.pixels, width: page.width, height: page.height });
  return {
    png,
    page,
    toPoster: (box) => {
      const source = toSourceBox(page, box);
      return source && unscale(source, scale);
    },
  };
}

function rawGrey(image: GreyImage): Sharp {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } });
}

function encodePng(image: GreyImage): Promise<Buffer> {
  return rawGrey(image).toColourspace("b-w").png({ compressionLevel: 1 }).toBuffer();
}

function unscale(box: Box, scale: number): Box {
  const x = Math.round(box.x / scale);
  const y = Math.round(box.y / scale);
  return {
    x,
    y,
    width: Math.max(1, Math.round((box.x + box.width) / scale) - x),
    height: Math.max(1, Math.round((box.y + box.height) / scale) - y),
  };
}
