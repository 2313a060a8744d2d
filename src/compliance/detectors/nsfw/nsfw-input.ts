import sharp from "sharp";
import { NSFW_INPUT_SIZE } from "./nsfw-messages.js";

/**
 * The poster as the model sees it: upright, transparency over white, sRGB, squeezed (not cropped)
 * to 224×224 like nsfwjs's own resize, as raw RGB bytes row by row.
 */
export async function nsfwInputPixels(bytes: Buffer): Promise<Uint8Array<ArrayBuffer>> {
  const { data, info } = await sharp(bytes)
    .autoOrient()
    .flatten({ background: "#ffffff" })
    .toColourspace("srgb")
    .resize(NSFW_INPUT_SIZE, NSFW_INPUT_SIZE, { fit: "fill" })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3 || data.length !== NSFW_INPUT_SIZE * NSFW_INPUT_SIZE * 3) {
    throw new Error(`expected ${NSFW_INPUT_SIZE}×${NSFW_INPUT_SIZE} RGB, got ${info.channels} channels`);
  }
  // A copy of exactly the pixels, so that it can be transferred to a worker thread.
  return new Uint8Array(data);
}
