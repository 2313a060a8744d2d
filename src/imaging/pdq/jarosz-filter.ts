/**
 * PDQ's downsampling to 64×64: two passes of a 1-D box filter along rows, then along columns,
 * repeated twice (Wojciech Jarosz, "Fast Image Convolutions", 2001): the four box passes add up to
 * a tent filter about one output pixel wide, so each of the 64×64 samples averages its
 * neighbourhood instead of aliasing it.
 */

/** Luma as a row-major grid of floats. */
export interface LumaGrid {
  data: Float64Array;
  width: number;
  height: number;
}

export const PDQ_GRID = 64;
const BOX_PASSES = 2;
/** Each pass spans half of a 1/64th block (two passes cover the whole block): 1/128th of the side. */
const WINDOW_DIVISOR = 2 * PDQ_GRID;

/** The window of one box pass along a side of `length` pixels: length/128, rounded up. */
export function boxWindow(length: number): number {
  return Math.ceil(length / WINDOW_DIVISOR);
}

/**
 * Averages `length` samples starting at `start`, `stride` apart, over a window of `window`
 * samples around each one (clipped at the ends, where fewer samples are averaged). For an even
 * window the extra sample is on the right, as in the reference implementation.
 */
function boxPass(
  source: Float64Array,
  target: Float64Array,
  start: number,
  length: number,
  stride: number,
  window: number,
): void {
  const right = Math.floor(window / 2);
  const left = window - right - 1;
  let sum = 0;
  // The running window [from, to] holds the sum; it grows into the first output.
  let to = -1;
  let from = 0;
  for (let k = 0; k < length; k++) {
    const wantTo = Math.min(length - 1, k + right);
    while (to < wantTo) {
      to += 1;
      sum += source[start + to * stride] ?? 0;
    }
    const wantFrom = Math.max(0, k - left);
    while (from < wantFrom) {
      sum -= source[start + from * stride] ?? 0;
      from += 1;
    }
    target[start + k * stride] = sum / (to - from + 1);
  }
}

/** Applies the tent filter in place (`scratch` is a buffer of the same size). */
export function tentFilter(grid: LumaGrid, scratch: Float64Array = new Float64Array(grid.data.length)): void {
  const { data, width, height } = grid;
  const alongRows = boxWindow(width);
  const alongColumns = boxWindow(height);
  for (let pass = 0; pass < BOX_PASSES; pass++) {
    for (let row = 0; row < height; row++) boxPass(data, scratch, row * width, width, 1, alongRows);
    for (let column = 0; column < width; column++) {
      boxPass(scratch, data, column, height, width, alongColumns);
    }
  }
}

/** Samples the filtered grid at the centres of a 64×64 lattice. */
export function decimate(grid: LumaGrid): Float64Array {
  const out = new Float64Array(PDQ_GRID * PDQ_GRID);
  for (let i = 0; i < PDQ_GRID; i++) {
    const row = Math.floor(((i + 0.5) * grid.height) / PDQ_GRID);
    for (let j = 0; j < PDQ_GRID; j++) {
      const column = Math.floor(((j + 0.5) * grid.width) / PDQ_GRID);
      out[i * PDQ_GRID + j] = grid.data[row * grid.width + column] ?? 0;
    }
  }
  return out;
}
