import type { Box } from "../../../domain/violation.js";

/** DB's probability map for one image: one value 0..1 per pixel of the detection input. */
export interface ProbabilityMap {
  data: Float32Array;
  width: number;
  height: number;
}

export interface TextBoxSettings {
  /** A pixel is text above this probability (PaddleOCR `det_db_thresh`). */
  pixelThreshold: number;
  /** A region is kept when its mean probability reaches this (`det_db_box_thresh`). */
  boxThreshold: number;
  /** How far DB's shrunk regions are grown back (`det_db_unclip_ratio`). */
  unclipRatio: number;
  /** Regions whose shorter side is below this many map pixels are noise. */
  minSide: number;
  maxBoxes: number;
}

export const DEFAULT_TEXT_BOX_SETTINGS: TextBoxSettings = {
  pixelThreshold: 0.3,
  boxThreshold: 0.6,
  unclipRatio: 1.5,
  minSide: 3,
  maxBoxes: 1000,
};

export interface TextBox {
  /** In map pixels. */
  box: Box;
  /** Mean probability over the region's pixels. */
  score: number;
}

/**
 * DB post-processing: the connected regions of text pixels, each grown back by DB's unclip
 * distance (area × ratio / perimeter) to cover the whole line. Regions are axis-aligned: poster
 * type that is rotated or curved gets the box around it.
 */
export function textBoxes(
  map: ProbabilityMap,
  settings: TextBoxSettings = DEFAULT_TEXT_BOX_SETTINGS,
): TextBox[] {
  const { width, height, data } = map;
  const label = new Int32Array(width * height);
  const stack = new Int32Array(width * height);
  const boxes: TextBox[] = [];
  let next = 0;
  for (let start = 0; start < data.length; start++) {
    if (label[start] !== 0 || (data[start] ?? 0) <= settings.pixelThreshold) continue;
    next++;
    let top = 0;
    stack[top++] = start;
    label[start] = next;
    let minX = width;
    let minY = height;
    let maxX = 0;
    let maxY = 0;
    let sum = 0;
    let count = 0;
    while (top > 0) {
      const index = stack[--top] ?? 0;
      const x = index % width;
      const y = (index - x) / width;
      sum += data[index] ?? 0;
      count++;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const neighbour = ny * width + nx;
          if (label[neighbour] !== 0 || (data[neighbour] ?? 0) <= settings.pixelThreshold) continue;
          label[neighbour] = next;
          stack[top++] = neighbour;
        }
      }
    }
    const boxWidth = maxX - minX + 1;
    const boxHeight = maxY - minY + 1;
    if (Math.min(boxWidth, boxHeight) < settings.minSide) continue;
    const score = sum / count;
    if (score < settings.boxThreshold) continue;
    const grow = (boxWidth * boxHeight * settings.unclipRatio) / (2 * (boxWidth + boxHeight));
    const x0 = Math.max(0, Math.floor(minX - grow));
    const y0 = Math.max(0, Math.floor(minY - grow));
    const x1 = Math.min(width, Math.ceil(maxX + 1 + grow));
    const y1 = Math.min(height, Math.ceil(maxY + 1 + grow));
    boxes.push({ box: { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }, score });
  }
  return boxes.sort((a, b) => b.score - a.score).slice(0, settings.maxBoxes);
}
