import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { hammingDistance, PDQ_MATCH_DISTANCE } from "../../src/domain/pdq-hash.js";
import { computePdq, type PdqResult } from "../../src/imaging/pdq/compute-pdq.js";
import { DIHEDRAL_VARIANTS } from "../../src/imaging/pdq/pdq-dihedral.js";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/pdq/${name}`, import.meta.url));
const pdqOf = (name: string) => computePdq(fixture(name));

/**
 * ThreatExchange's reference implementation on the dihedral set (data/pdq/expected-pdq.csv):
 * the hash of each file, all of quality 100. Another JPEG decoder moves a few bits.
 */
const REFERENCE: [file: string, hash: string][] = [
  ["bridge-1-original.jpg", "f8f8f0cce0f4e84d0e370a22028f67f0b36e2ed596623e1d33e6339c4e9c9b22"],
  ["bridge-2-rotate-90.jpg", "b0a10efd71cc3f429413d48d0ffffe12e34e0e17ada952a9d29684210aa9e5af"],
  ["bridge-3-rotate-180.jpg", "adad5a64b5a142e55362a09057dacd5ae63b847fc23794b766b319361fc93188"],
  ["bridge-4-rotate-270.jpg", "a5f4a457a48995e8c9065c275aaa5498b61ba4bdf8fcf80387c32f8b0bfc4f05"],
  ["bridge-5-flipx.jpg", "f8f80f31e0f417b00e37f5cd028f980fb36ed02a9662c1e233e6cc634e9c64dd"],
  ["bridge-6-flipy.jpg", "8dad2599b1a1bd1853625f6553da32a1e63b7280c2374b4866b366c91bc9ce77"],
  ["bridge-7-flip-plus-1.jpg", "f0a1f102f1dcc0bd9c5309720fff018de34ef1e8ada9a956d2967ade0ea91a50"],
  ["bridge-8-flip-minus-1.jpg", "a5f05ba8a4896a17c106a3da5aaaab07b61b5b42f8fc07fc83c3d0740bfcb0fa"],
];
/** Measured: at most 8 bits from the reference (libjpeg-turbo's decoder against CImg's). */
const DECODER_TOLERANCE = 10;

const BRIDGE_MODS = [
  "blur-a-little.jpg",
  "blur-a-lot.jpg",
  "high-contrast.jpg",
  "high-saturation.jpg",
  "sharpen-a-little.jpg",
  "sharpen-a-lot.jpg",
  "shrink-a-little.jpg",
  "shrink-a-lot.jpg",
  "square-128x128.jpg",
  "square-256x256.jpg",
  "square-512x512.jpg",
];
const UNRELATED = ["q0003.jpg", "q0004.jpg", "q0122.jpg", "q0291.jpg", "q0746.jpg", "q1050.jpg", "q2821.jpg"];

describe("PDQ hashing", () => {
  it.each(REFERENCE)("hashes %s as the reference implementation does", async (file, expected) => {
    const { hash, quality } = await pdqOf(file);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hammingDistance(hash, expected)).toBeLessThanOrEqual(DECODER_TOLERANCE);
    expect(quality).toBe(100);
  });

  it("computes the hash of every rotation and flip from the original picture alone", async () => {
    const original = await pdqOf("bridge-1-original.jpg");
    expect(original.dihedral.original).toBe(original.hash);
    REFERENCE.forEach(([, expected], n) => {
      const variant = DIHEDRAL_VARIANTS[n] ?? "original";
      // The rotated files are JPEGs encoded again, so a few more bits move than the decoder's.
      expect(hammingDistance(original.dihedral[variant], expected), variant).toBeLessThanOrEqual(16);
      // …and the variant matches no other orientation.
      for (const [, other] of REFERENCE.filter((_, m) => m !== n)) {
        expect(hammingDistance(original.dihedral[variant], other)).toBeGreaterThan(3 * PDQ_MATCH_DISTANCE);
      }
    });
  });

  it("keeps blurred, sharpened, shrunk, squashed and recoloured copies within the match distance", async () => {
    const original = await pdqOf("aaa-orig.jpg");
    for (const file of BRIDGE_MODS) {
      expect(hammingDistance((await pdqOf(file)).hash, original.hash), file).toBeLessThanOrEqual(
        PDQ_MATCH_DISTANCE,
      );
    }
  });

  it("keeps unrelated photos far apart from each other and from the bridge", async () => {
    const bridge = await pdqOf("aaa-orig.jpg");
    const photos: PdqResult[] = [];
    for (const file of UNRELATED) photos.push(await pdqOf(file));
    for (const [i, photo] of photos.entries()) {
      expect(hammingDistance(photo.hash, bridge.hash)).toBeGreaterThan(3 * PDQ_MATCH_DISTANCE);
      for (const other of photos.slice(i + 1)) {
        expect(hammingDistance(photo.hash, other.hash)).toBeGreaterThan(3 * PDQ_MATCH_DISTANCE);
      }
    }
  });

  it("rates flat pictures low and detailed ones high", async () => {
    // The reference set names these photos by their quality: q0003 is 3, q0122 and up cap at 100.
    expect((await pdqOf("q0003.jpg")).quality).toBe(3);
    expect((await pdqOf("q0004.jpg")).quality).toBe(4);
    expect((await pdqOf("q0122.jpg")).quality).toBe(100);
  });
});
