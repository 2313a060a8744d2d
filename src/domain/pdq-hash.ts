/**
 * A PDQ hash: 256 bits as 64 lowercase hex digits, in the reference implementation's order (the
 * sixteen 16-bit words from the last to the first, so hashes print as ThreatExchange prints them).
 */
export type PdqHex = string;

export const PDQ_BITS = 256;
/** Hamming distance at or under which ThreatExchange calls two PDQ hashes a match. */
export const PDQ_MATCH_DISTANCE = 31;

const PDQ_HEX = /^[0-9a-f]{64}$/;

export function isPdqHex(value: string): value is PdqHex {
  return PDQ_HEX.test(value);
}

/** The hash as eight 32-bit words, most significant hex digits first. */
export function pdqWords(hex: PdqHex): Uint32Array {
  if (!isPdqHex(hex)) throw new Error(`not a PDQ hash (64 lowercase hex digits): ${hex}`);
  const words = new Uint32Array(8);
  for (let i = 0; i < 8; i++) words[i] = Number.parseInt(hex.slice(i * 8, i * 8 + 8), 16);
  return words;
}

export function pdqHexOf(words: Uint32Array): PdqHex {
  let hex = "";
  for (const word of words) hex += word.toString(16).padStart(8, "0");
  return hex;
}

/** Set bits of a 32-bit integer. */
export function popcount32(value: number): number {
  let x = value - ((value >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Bits that differ between two hashes given as eight 32-bit words each, read at two offsets. */
export function wordsDistance(a: Uint32Array, aAt: number, b: Uint32Array, bAt: number): number {
  let distance = 0;
  for (let i = 0; i < 8; i++) distance += popcount32(((a[aAt + i] ?? 0) ^ (b[bAt + i] ?? 0)) >>> 0);
  return distance;
}

export function hammingDistance(a: PdqHex, b: PdqHex): number {
  return wordsDistance(pdqWords(a), 0, pdqWords(b), 0);
}
