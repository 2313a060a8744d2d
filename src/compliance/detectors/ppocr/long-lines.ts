import type { Box } from "../../../domain/violation.js";
import type { RgbImage } from "./rgb-image.js";

/**
 * A line box wider than `maxAspect` × its height cut into pieces the recogniser reads well,
 * each cut made at the calmest column near its place (a gap between words, most often): the
 * model squeezes a longer crop until condensed type is unreadable.
 */
export function splitLongBox(image: RgbImage, box: Box, maxAspect: number): Box[] {
  const maxWidth = Math.max(1, Math.floor(box.height * maxAspect));
  if (box.width <= maxWidth) return [box];
  const pieces = Math.ceil(box.width / maxWidth);
  const target = box.width / pieces;
  const energy = columnEnergy(image, box);
  const cuts: number[] = [];
  for (let i = 1; i < pieces; i++) {
    const centre = Math.round(i * target);
    const reach = Math.round(target * 0.2);
    let best = centre;
    for (let x = Math.max(1, centre - reach); x <= Math.min(box.width - 2, centre + reach); x++) {
      if ((energy[x] ?? 0) < (energy[best] ?? 0)) best = x;
    }
    cuts.push(best);
  }
  let edges = [0, ...cuts, box.width];
  // A cut moved towards a calm column may leave a piece too wide: then cut evenly.
  if (edges.some((edge, i) => i > 0 && edge - (edges[i - 1] ?? 0) > maxWidth)) {
    edges = Array.from({ length: pieces + 1 }, (_, i) => Math.round((i * box.width) / pieces));
  }
  const boxes: Box[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const x0 = edges[i] ?? 0;
    const x1 = edges[i + 1] ?? box.width;
    if (x1 > x0) boxes.push({ x: box.x + x0, y: box.y, width: x1 - x0, height: box.height });
  }
  return boxes;
}

/** How much each column of the box changes from top to bottom: low across gaps between words. */
function columnEnergy(image: RgbImage, box: Box): Float32Array {
  const energy = new Float32Array(box.width);
  for (let dx = 0; dx < box.width; dx++) {
    const x = Math.min(image.width - 1, box.x + dx);
    let previous = -1;
    let sum = 0;
    for (let dy = 0; dy < box.height; dy++) {
      const y = Math.min(image.height - 1, box.y + dy);
      const index = (y * image.width + x) * 3;
      const grey =
        ((image.data[index] ?? 0) + (image.data[index + 1] ?? 0) + (image.data[index + 2] ?? 0)) / 3;
      if (previous >= 0) sum += Math.abs(grey - previous);
      previous = grey;
    }
    energy[dx] = sum;
  }
  return energy;
}
