import sharp from "sharp";
import type { PdqHex } from "../../domain/pdq-hash.js";
import { DECODE_FAIL_ON } from "../inspect-image.js";
import { decimate, type LumaGrid, tentFilter } from "./jarosz-filter.js";
import { coefficientsToHash } from "./pdq-bits.js";
import { dct64To16 } from "./pdq-dct.js";
import { DIHEDRAL_VARIANTS, type DihedralVariant, dihedralCoefficients } from "./pdq-dihedral.js";
import { pdqQuality } from "./pdq-quality.js";

/**
 * Pictures are shrunk to fit this square before hashing (ThreatExchange's Python hasher shrinks
 * to 512): the tent filter averages 1/64th of the side anyway, so the hash barely moves, and a
 * 6000-pixel poster needs 16 MB of floats rather than 300. Measured on the reference vectors:
 * at most 8 bits from the C++ reference at 1024 as at full size, 10 at 512.
 */
export const PDQ_DECODE_SIZE = 1024;

/** Rec. 601 luma weights, as PDQ specifies. */
const LUMA = { r: 0.299, g: 0.587, b: 0.114 };

export interface PdqResult {
  hash: PdqHex;
  /** 0…100; under 50 the picture is too flat for its hash to be trusted. */
  quality: number;
  /** The hash of each rotation and flip of the picture (`original` is `hash`). */
  dihedral: Record<DihedralVariant, PdqHex>;
}

/** PDQ of an encoded image, EXIF orientation applied, transparency ignored. */
export async function computePdq(bytes: Buffer): Promise<PdqResult> {
  return pdqOfLuma(await decodeLuma(bytes));
}

/** PDQ of a luma grid (0…255); the grid's data is filtered in place. */
export function pdqOfLuma(luma: LumaGrid): PdqResult {
  tentFilter(luma);
  const grid = decimate(luma);
  const coefficients = dct64To16(grid);
  const dihedral = Object.fromEntries(
    DIHEDRAL_VARIANTS.map((variant) => [
      variant,
      coefficientsToHash(variant === "original" ? coefficients : dihedralCoefficients(coefficients, variant)),
    ]),
  ) as Record<DihedralVariant, PdqHex>;
  return { hash: dihedral.original, quality: pdqQuality(grid), dihedral };
}

async function decodeLuma(bytes: Buffer): Promise<LumaGrid> {
  const { data, info } = await sharp(bytes, { failOn: DECODE_FAIL_ON, autoOrient: true })
    .resize(PDQ_DECODE_SIZE, PDQ_DECODE_SIZE, { fit: "inside", withoutEnlargement: true })
    .toColourspace("srgb")
    .removeAlpha()
    .raw({ depth: "uchar" })
    .toBuffer({ resolveWithObject: true });
  const { width, height, channels } = info;
  const luma = new Float64Array(width * height);
  for (let i = 0, at = 0; i < luma.length; i++, at += channels) {
    luma[i] = LUMA.r * (data[at] ?? 0) + LUMA.g * (data[at + 1] ?? 0) + LUMA.b * (data[at + 2] ?? 0);
  }
  return { data: luma, width, height };
}
