import { DCT_SIZE } from "./pdq-dct.js";

/**
 * The eight rotations and flips of the picture, hashed from one DCT. Mirroring an image flips
 * the sign of its odd frequencies along that axis, and a transpose swaps the axes, so each
 * variant's coefficients are the original's with some signs changed, some transposed: no second
 * decode or filter is needed.
 */
export const DIHEDRAL_VARIANTS = [
  "original",
  "rotate90",
  "rotate180",
  "rotate270",
  "flipX",
  "flipY",
  "flipPlus1",
  "flipMinus1",
] as const;
export type DihedralVariant = (typeof DIHEDRAL_VARIANTS)[number];

interface Transform {
  /** Swap rows and columns (a transpose about a diagonal). */
  transpose: boolean;
  /** Negate coefficient (i, j) — i the vertical, j the horizontal frequency index (from 0). */
  negate(i: number, j: number): boolean;
}

const odd = (n: number) => (n & 1) === 1;
const even = (n: number) => (n & 1) === 0;

const TRANSFORMS: Record<DihedralVariant, Transform> = {
  original: { transpose: false, negate: () => false },
  rotate90: { transpose: true, negate: (_i, j) => even(j) },
  rotate180: { transpose: false, negate: (i, j) => odd(i + j) },
  rotate270: { transpose: true, negate: (i) => even(i) },
  flipX: { transpose: false, negate: (i) => even(i) },
  flipY: { transpose: false, negate: (_i, j) => even(j) },
  flipPlus1: { transpose: true, negate: () => false },
  flipMinus1: { transpose: true, negate: (i, j) => odd(i + j) },
};

/** The coefficients of the variant, from the original's. */
export function dihedralCoefficients(dct: Float64Array, variant: DihedralVariant): Float64Array {
  const { transpose, negate } = TRANSFORMS[variant];
  const out = new Float64Array(DCT_SIZE * DCT_SIZE);
  for (let i = 0; i < DCT_SIZE; i++) {
    for (let j = 0; j < DCT_SIZE; j++) {
      const value = dct[i * DCT_SIZE + j] ?? 0;
      const at = transpose ? j * DCT_SIZE + i : i * DCT_SIZE + j;
      out[at] = negate(i, j) ? -value : value;
    }
  }
  return out;
}
