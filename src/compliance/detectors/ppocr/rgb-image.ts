import type { Box } from "../../../domain/violation.js";

/** Interleaved 8-bit RGB pixels. */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/**
 * Samples `box` of `image` into `out` (planar BGR floats, `outHeight × outStride`, first
 * `outWidth` columns), averaging the source pixels each output pixel covers, and normalises
 * each value as (v / 255 − mean) / std. With `rotate`, the box is read turned a quarter
 * counter-clockwise (vertical text laid on its side).
 */
export function sampleBox(
  image: RgbImage,
  box: Box,
  out: Float32Array,
  outOffset: number,
  outWidth: number,
  outHeight: number,
  outStride: number,
  mean: readonly [number, number, number],
  std: readonly [number, number, number],
  rotate = false,
): void {
  const plane = outHeight * outStride;
  const srcW = rotate ? box.height : box.width;
  const srcH = rotate ? box.width : box.height;
  const stepX = srcW / outWidth;
  const stepY = srcH / outHeight;
  const samplesX = Math.min(4, Math.max(1, Math.round(stepX)));
  const samplesY = Math.min(4, Math.max(1, Math.round(stepY)));
  const count = samplesX * samplesY;
  for (let oy = 0; oy < outHeight; oy++) {
    for (let ox = 0; ox < outWidth; ox++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let sy = 0; sy < samplesY; sy++) {
        const v = (oy + (sy + 0.5) / samplesY) * stepY;
        for (let sx = 0; sx < samplesX; sx++) {
          const u = (ox + (sx + 0.5) / samplesX) * stepX;
          // Unrotated: (u, v) is (x, y) in the box. Rotated: the box's right edge becomes the top.
          const bx = rotate ? box.width - 1 - v : u;
          const by = rotate ? u : v;
          const x = Math.min(image.width - 1, Math.max(0, Math.floor(box.x + bx)));
          const y = Math.min(image.height - 1, Math.max(0, Math.floor(box.y + by)));
          const index = (y * image.width + x) * 3;
          r += image.data[index] ?? 0;
          g += image.data[index + 1] ?? 0;
          b += image.data[index + 2] ?? 0;
        }
      }
      const at = outOffset + oy * outStride + ox;
      out[at] = (b / count / 255 - mean[0]) / std[0];
      out[at + plane] = (g / count / 255 - mean[1]) / std[1];
      out[at + 2 * plane] = (r / count / 255 - mean[2]) / std[2];
    }
  }
}
