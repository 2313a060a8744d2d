import { type PdqHex, pdqHexOf } from "../../domain/pdq-hash.js";
import { DCT_SIZE } from "./pdq-dct.js";

/**
 * One bit per coefficient: set when it is above the median of the 256 (the lower median, the
 * 128th smallest, as the reference's Torben median picks), so about half the bits are set.
 * Bit k = 16·i + j lives in 16-bit word k>>4 at position k&15, and the words print from the last.
 */
export function coefficientsToHash(coefficients: Float64Array): PdqHex {
  const sorted = Float64Array.from(coefficients).sort();
  const median = sorted[Math.floor((coefficients.length + 1) / 2) - 1] ?? 0;
  const words16 = new Uint16Array(DCT_SIZE);
  for (let k = 0; k < coefficients.length; k++) {
    if ((coefficients[k] ?? 0) > median) words16[k >> 4] = (words16[k >> 4] ?? 0) | (1 << (k & 15));
  }
  // Eight 32-bit words, the highest 16-bit word first.
  const words32 = new Uint32Array(8);
  for (let w = 0; w < 8; w++) {
    words32[w] = (((words16[15 - 2 * w] ?? 0) << 16) | (words16[14 - 2 * w] ?? 0)) >>> 0;
  }
  return pdqHexOf(words32);
}
