import { PDQ_GRID } from "./jarosz-filter.js";

/** PDQ keeps the 16×16 lowest frequencies of the 64×64 DCT, the constant (DC) term left out. */
export const DCT_SIZE = 16;

/** Rows 1…16 of the 64-point DCT-II basis, scaled so the transform is orthonormal. */
const BASIS: Float64Array = (() => {
  const basis = new Float64Array(DCT_SIZE * PDQ_GRID);
  const scale = Math.sqrt(2 / PDQ_GRID);
  for (let i = 0; i < DCT_SIZE; i++) {
    for (let j = 0; j < PDQ_GRID; j++) {
      basis[i * PDQ_GRID + j] = scale * Math.cos((Math.PI / 2 / PDQ_GRID) * (i + 1) * (2 * j + 1));
    }
  }
  return basis;
})();

/**
 * B = D·A·Dᵀ for the 64×64 grid A and the 16×64 basis D: the 16×16 coefficients, row-major, row i
 * being vertical frequency i+1 and column j horizontal frequency j+1.
 */
export function dct64To16(grid: Float64Array): Float64Array {
  const half = new Float64Array(DCT_SIZE * PDQ_GRID);
  for (let i = 0; i < DCT_SIZE; i++) {
    for (let j = 0; j < PDQ_GRID; j++) {
      let sum = 0;
      for (let k = 0; k < PDQ_GRID; k++)
        sum += (BASIS[i * PDQ_GRID + k] ?? 0) * (grid[k * PDQ_GRID + j] ?? 0);
      half[i * PDQ_GRID + j] = sum;
    }
  }
  const out = new Float64Array(DCT_SIZE * DCT_SIZE);
  for (let i = 0; i < DCT_SIZE; i++) {
    for (let j = 0; j < DCT_SIZE; j++) {
      let sum = 0;
      for (let k = 0; k < PDQ_GRID; k++)
        sum += (half[i * PDQ_GRID + k] ?? 0) * (BASIS[j * PDQ_GRID + k] ?? 0);
      out[i * DCT_SIZE + j] = sum;
    }
  }
  return out;
}
