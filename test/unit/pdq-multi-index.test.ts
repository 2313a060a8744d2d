import { describe, expect, it } from "vitest";
import { hammingDistance, pdqHexOf, pdqWords } from "../../src/domain/pdq-hash.js";
import { PdqMultiIndex, probeRadius } from "../../src/domain/pdq-multi-index.js";

/** A deterministic generator, so a failure replays. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
}

function randomHash(next: () => number): string {
  return pdqHexOf(Uint32Array.from({ length: 8 }, next));
}

/** The hash with `bits` distinct bits flipped. */
function flipBits(hash: string, bits: number, next: () => number): string {
  const words = pdqWords(hash);
  const flipped = new Set<number>();
  while (flipped.size < bits) flipped.add(next() % 256);
  for (const bit of flipped) words[bit >> 5] = ((words[bit >> 5] ?? 0) ^ (1 << (bit & 31))) >>> 0;
  return pdqHexOf(words);
}

describe("the PDQ multi-index", () => {
  it("probes each chunk at the radius that the pigeonhole principle needs", () => {
    expect(probeRadius(15)).toBe(0);
    expect(probeRadius(16)).toBe(1);
    expect(probeRadius(31)).toBe(1);
    expect(probeRadius(32)).toBe(2);
  });

  it("finds exactly what a scan of every hash finds, at every distance up to 31 and beyond", () => {
    const next = random(7);
    const index = new PdqMultiIndex();
    const queries: string[] = [];
    for (let n = 0; n < 2000; n++) index.add(`poster-${n}`, randomHash(next));
    for (let n = 0; n < 40; n++) {
      const base = randomHash(next);
      queries.push(base);
      // Near-duplicates at every distance around the threshold, bits spread over the chunks.
      for (const bits of [0, 1, 8, 15, 16, 17, 30, 31, 32, 40])
        index.add(`near-${n}-${bits}`, flipBits(base, bits, next));
    }
    for (const query of queries) {
      for (const distance of [0, 10, 15, 16, 31, 32, 47, 60]) {
        expect(index.findWithin(query, distance)).toEqual(index.scan(query, distance));
      }
    }
  });

  it("answers nearest first with each poster's exact distance", () => {
    const next = random(11);
    const index = new PdqMultiIndex();
    const base = randomHash(next);
    const far = flipBits(base, 31, next);
    const near = flipBits(base, 3, next);
    index.add("far", far);
    index.add("near", near);
    index.add("unrelated", randomHash(next));
    expect(index.findWithin(base, 31)).toEqual([
      { posterHash: "near", distance: hammingDistance(base, near) },
      { posterHash: "far", distance: 31 },
    ]);
  });

  it("keeps a poster's first hash when it is added again", () => {
    const next = random(3);
    const index = new PdqMultiIndex();
    const first = randomHash(next);
    index.add("a", first);
    index.add("a", randomHash(next));
    expect(index.size).toBe(1);
    expect(index.hashOf("a")).toBe(first);
  });

  it("refuses what is not a PDQ hash", () => {
    expect(() => new PdqMultiIndex().add("a", "xyz")).toThrow(/not a PDQ hash/);
  });
});
