import type { Box } from "../../domain/violation.js";

/** 8-bit single-channel pixels, row-major. */
export interface GreyPixels {
  data: Uint8Array;
  width: number;
  height: number;
}

/**
 * Variance of the 3×3 Laplacian (0 1 0 / 1 −4 1 / 0 1 0) over `region`: a focus measure, high for
 * crisp edges and fine texture, low for soft or featureless images. Only pixels whose four
 * neighbours lie inside the region are measured, so the edge between a letterbox bar and the
 * picture is not counted. A region too thin to measure yields 0.
 */
export function laplacianVariance(image: GreyPixels, region: Box = wholeImage(image)): number {
  const { data, width } = image;
  const x0 = region.x + 1;
  const x1 = region.x + region.width - 1;
  const y0 = region.y + 1;
  const y1 = region.y + region.height - 1;
  if (x1 <= x0 || y1 <= y0) return 0;
  let sum = 0;
  let sumOfSquares = 0;
  for (let y = y0; y < y1; y++) {
    let at = y * width + x0;
    for (let x = x0; x < x1; x++, at++) {
      const response =
        (data[at - width] ?? 0) +
        (data[at + width] ?? 0) +
        (data[at - 1] ?? 0) +
        (data[at + 1] ?? 0) -
        4 * (data[at] ?? 0);
      sum += response;
      sumOfSquares += response * response;
    }
  }
  const count = (x1 - x0) * (y1 - y0);
  const mean = sum / count;
  return sumOfSquares / count - mean * mean;
}

function wholeImage(image: GreyPixels): Box {
  return { x: 0, y: 0, width: image.width, height: image.height };
}

/** The image at half size, each pixel the mean of a 2×2 block: the next coarser scale. */
export function halveGrey(image: GreyPixels): GreyPixels {
  const width = image.width >> 1;
  const height = image.height >> 1;
  const { data } = image;
  const half = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    let at = 2 * y * image.width;
    for (let x = 0; x < width; x++, at += 2) {
      const sum =
        (data[at] ?? 0) +
        (data[at + 1] ?? 0) +
        (data[at + image.width] ?? 0) +
        (data[at + image.width + 1] ?? 0);
      half[y * width + x] = (sum + 2) >> 2;
    }
  }
  return { data: half, width, height };
}

/** `box` in the coordinates of the halved image, shrunk to whole pixels inside it. */
export function halveBox(box: Box): Box {
  const x = Math.ceil(box.x / 2);
  const y = Math.ceil(box.y / 2);
  return {
    x,
    y,
    width: Math.max(0, Math.floor((box.x + box.width) / 2) - x),
    height: Math.max(0, Math.floor((box.y + box.height) / 2) - y),
  };
}
