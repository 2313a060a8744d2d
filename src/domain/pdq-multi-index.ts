import { type PdqHex, pdqHexOf, pdqWords, wordsDistance } from "./pdq-hash.js";

/** A stored poster within the asked distance of a hash. */
export interface PdqMatch {
  posterHash: string;
  distance: number;
}

/** The hash is cut into 16 chunks of 16 bits (as ThreatExchange's mutually-indexed hashing). */
export const PDQ_CHUNKS = 16;
const CHUNK_VALUES = 1 << 16;
/** Probing radius 2 already looks up 137 values per chunk; a wider search scans every hash. */
const MAX_PROBE_RADIUS = 2;

/** The 16-bit masks with at most `radius` bits set: what a chunk is XORed with when probing. */
export function probeMasks(radius: number): number[] {
  const masks = [0];
  for (let a = 0; a < 16 && radius >= 1; a++) {
    masks.push(1 << a);
    for (let b = a + 1; b < 16 && radius >= 2; b++) masks.push((1 << a) | (1 << b));
  }
  return masks;
}

const MASKS_BY_RADIUS = Array.from({ length: MAX_PROBE_RADIUS + 1 }, (_, radius) => probeMasks(radius));

/** Chunk `c` (0…15) of a hash stored as eight 32-bit words from `at`. */
export function chunkOf(words: Uint32Array, at: number, c: number): number {
  const word = words[at + (c >> 1)] ?? 0;
  return (c & 1) === 0 ? word >>> 16 : word & 0xffff;
}

/**
 * The radius each chunk must be probed at to find every hash within `distance`: the 16 chunk
 * distances add up to the whole distance, so when all of them exceeded r the total would be at
 * least 16·(r+1). Hence r = ⌊distance/16⌋: 0 up to 15 bits, 1 up to 31 (PDQ's match threshold).
 */
export function probeRadius(distance: number): number {
  return Math.floor(distance / PDQ_CHUNKS);
}

/**
 * Every PDQ hash in memory, indexed for "which hashes lie within d bits of this one" (multi-index
 * hashing, Norouzi et al. 2012). Each hash is listed under each of its 16 chunk values; a search
 * looks up the query's chunks and the values within probeRadius(d) bits of them and verifies the
 * candidates' full distance. At d = 31 that is 16 × 17 lookups, each finding n/65,536 hashes on
 * average for random hashes: about 4,000 candidates verified at a million, against a million for
 * a scan. 32 chunks of 8 bits would need no probing but find n/256 per chunk (125,000 at a
 * million), and 8 chunks of 32 bits would need radius 3 (5,500 lookups per chunk).
 *
 * Postings are chained through typed arrays (a head per chunk value, a "next" per entry and
 * chunk): about 100 MB for a million hashes, besides the poster hash strings and their map.
 */
export class PdqMultiIndex {
  private words = new Uint32Array(8 * 1024);
  private next = new Int32Array(PDQ_CHUNKS * 1024);
  private readonly heads = new Int32Array(PDQ_CHUNKS * CHUNK_VALUES).fill(-1);
  private readonly posterHashes: string[] = [];
  private readonly ids = new Map<string, number>();

  get size(): number {
    return this.posterHashes.length;
  }

  has(posterHash: string): boolean {
    return this.ids.has(posterHash);
  }

  /** Adds a poster's hash; a poster already indexed keeps its first hash. */
  add(posterHash: string, pdq: PdqHex): void {
    if (this.ids.has(posterHash)) return;
    const words = pdqWords(pdq);
    const id = this.posterHashes.length;
    this.ensureCapacity(id + 1);
    this.words.set(words, id * 8);
    for (let c = 0; c < PDQ_CHUNKS; c++) {
      const head = c * CHUNK_VALUES + chunkOf(words, 0, c);
      this.next[id * PDQ_CHUNKS + c] = this.heads[head] ?? -1;
      this.heads[head] = id;
    }
    this.posterHashes.push(posterHash);
    this.ids.set(posterHash, id);
  }

  /** Every indexed poster within `distance` bits of `pdq`, nearest first. */
  findWithin(pdq: PdqHex, distance: number): PdqMatch[] {
    const radius = probeRadius(distance);
    if (radius > MAX_PROBE_RADIUS) return this.scan(pdq, distance);
    const query = pdqWords(pdq);
    // A hash close to the query often shares several chunks with it, so it is met more than once;
    // random others almost never are, so only matches are deduplicated.
    const matched = new Map<number, number>();
    const masks = MASKS_BY_RADIUS[radius] ?? [0];
    for (let c = 0; c < PDQ_CHUNKS; c++) {
      const value = chunkOf(query, 0, c);
      for (const mask of masks) {
        let id = this.heads[c * CHUNK_VALUES + (value ^ mask)] ?? -1;
        while (id >= 0) {
          const d = wordsDistance(this.words, id * 8, query, 0);
          if (d <= distance) matched.set(id, d);
          id = this.next[id * PDQ_CHUNKS + c] ?? -1;
        }
      }
    }
    const matches = [...matched].map(([id, d]) => ({ posterHash: this.posterHashes[id] ?? "", distance: d }));
    return PdqMultiIndex.sortByDistance(matches);
  }

  /** The same answer by comparing with every hash: the baseline, and the way for wide searches. */
  scan(pdq: PdqHex, distance: number): PdqMatch[] {
    const query = pdqWords(pdq);
    const matches: PdqMatch[] = [];
    for (let id = 0; id < this.posterHashes.length; id++) {
      const d = wordsDistance(this.words, id * 8, query, 0);
      if (d <= distance) matches.push({ posterHash: this.posterHashes[id] ?? "", distance: d });
    }
    return PdqMultiIndex.sortByDistance(matches);
  }

  hashOf(posterHash: string): PdqHex | undefined {
    const id = this.ids.get(posterHash);
    return id === undefined ? undefined : pdqHexOf(this.words.subarray(id * 8, id * 8 + 8));
  }

  /** Nearest first; equal distances by poster hash, so answers are stable. */
  static sortByDistance(matches: PdqMatch[]): PdqMatch[] {
    return matches.sort((a, b) => a.distance - b.distance || (a.posterHash < b.posterHash ? -1 : 1));
  }

  private ensureCapacity(entries: number): void {
    const capacity = this.words.length / 8;
    if (entries <= capacity) return;
    const grownTo = Math.max(entries, capacity * 2);
    this.words = grown(this.words, grownTo * 8);
    this.next = grown(this.next, grownTo * PDQ_CHUNKS);
  }
}

function grown<T extends Uint32Array | Int32Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(length);
  bigger.set(array);
  return bigger;
}
