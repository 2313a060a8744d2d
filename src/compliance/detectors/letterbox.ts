/** Sizes of the flat bands touching each edge of an image, in that image's pixels. */
export interface EdgeBands {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** Interleaved 8-bit pixels, row-major, `channels` values per pixel (the first three are used as RGB). */
export interface RawPixels {
  data: Uint8Array;
  width: number;
  height: number;
  channels: number;
}

/** Largest per-channel distance from the edge's colour a band pixel may have. */
const COLOUR_TOLERANCE = 12;
/** Share of a line's pixels allowed to stray past the tolerance (compression specks, a stray pixel). */
const MAX_STRAY_SHARE = 0.02;
/**
 * Largest mean luma step between neighbouring pixels of a band line. Digital bars, even after JPEG,
 * measure about 0; the smooth skies of the PDQ reference photos measured 0.4 to 1.1 at the working
 * size (and drift in colour, which the tolerance catches too). The price: a border noisy with
 * heavy compression is not a band.
 */
const MAX_TEXTURE = 0.3;

type Edge = keyof EdgeBands;

/**
 * Finds letterbox, pillarbox and border bands: runs of lines (rows for top and bottom, columns for
 * left and right) whose pixels are nearly all the colour of the edge's outermost line and carry no
 * texture. Rows are scanned first; columns only over the rows between the row bands. A uniform
 * image is one band at the top and none elsewhere.
 */
export function findEdgeBands(image: RawPixels): EdgeBands {
  const top = bandDepth(image, "top", image.height, 0, image.width);
  const bottom = bandDepth(image, "bottom", image.height - top, 0, image.width);
  const rowsFrom = top;
  const rowsTo = image.height - bottom;
  if (rowsTo <= rowsFrom) return { top, bottom, left: 0, right: 0 };
  const left = bandDepth(image, "left", image.width, rowsFrom, rowsTo);
  const right = bandDepth(image, "right", image.width - left, rowsFrom, rowsTo);
  return { top, bottom, left, right };
}

/** How many lines from `edge` inward (at most `maxDepth`) belong to the band; lines span [from, to). */
function bandDepth(image: RawPixels, edge: Edge, maxDepth: number, from: number, to: number): number {
  if (maxDepth <= 0 || to - from < 2) return 0;
  const reference = medianColour(linePixels(image, edge, 0, from, to));
  let depth = 0;
  while (depth < maxDepth && isBandLine(linePixels(image, edge, depth, from, to), reference)) depth++;
  return depth;
}

/** The RGB values of the line `depth` lines in from `edge`, restricted to positions [from, to). */
function linePixels(image: RawPixels, edge: Edge, depth: number, from: number, to: number): Uint8Array {
  const { data, width, height, channels } = image;
  const count = to - from;
  const line = new Uint8Array(count * 3);
  const horizontal = edge === "top" || edge === "bottom";
  const fixed = edge === "top" || edge === "left" ? depth : (horizontal ? height : width) - 1 - depth;
  for (let i = 0; i < count; i++) {
    const x = horizontal ? from + i : fixed;
    const y = horizontal ? fixed : from + i;
    const at = (y * width + x) * channels;
    line[i * 3] = data[at] ?? 0;
    line[i * 3 + 1] = data[at + 1] ?? 0;
    line[i * 3 + 2] = data[at + 2] ?? 0;
  }
  return line;
}

function medianColour(line: Uint8Array): [number, number, number] {
  const count = line.length / 3;
  const channel = (c: number): number => {
    const values = new Uint8Array(count);
    for (let i = 0; i < count; i++) values[i] = line[i * 3 + c] ?? 0;
    values.sort();
    return values[count >> 1] ?? 0;
  };
  return [channel(0), channel(1), channel(2)];
}

function isBandLine(line: Uint8Array, reference: [number, number, number]): boolean {
  const count = line.length / 3;
  const allowedStrays = Math.floor(count * MAX_STRAY_SHARE);
  let strays = 0;
  let texture = 0;
  let previousLuma = 0;
  for (let i = 0; i < count; i++) {
    const r = line[i * 3] ?? 0;
    const g = line[i * 3 + 1] ?? 0;
    const b = line[i * 3 + 2] ?? 0;
    const distance = Math.max(
      Math.abs(r - reference[0]),
      Math.abs(g - reference[1]),
      Math.abs(b - reference[2]),
    );
    if (distance > COLOUR_TOLERANCE && ++strays > allowedStrays) return false;
    const luma = 0.299 * r + 0.587 * g + 0.114 * b;
    if (i > 0) texture += Math.abs(luma - previousLuma);
    previousLuma = luma;
  }
  return texture / (count - 1) <= MAX_TEXTURE;
}
