import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pdqHexOf, pdqWords } from "../../src/domain/pdq-hash.js";
import type { NearDuplicateIndex } from "../../src/ports/near-duplicate-index.js";

export interface OpenedNearDuplicateIndex {
  index: NearDuplicateIndex;
  close(): Promise<void>;
}

/** `base` with `bits` bits flipped, spread over its 16 chunks (bit n in chunk n mod 16). */
export function hashNear(base: string, bits: number): string {
  const words = pdqWords(base);
  for (let bit = 0; bit < bits; bit++) {
    // One bit in each 16-bit chunk in turn, so no chunk survives intact past 16 flips.
    const chunk = bit % 16;
    const position = chunk * 16 + Math.floor(bit / 16);
    words[position >> 5] = ((words[position >> 5] ?? 0) ^ (1 << (31 - (position & 31)))) >>> 0;
  }
  return pdqHexOf(words);
}

const BASE = "f8f8f0cce0f4e84d0e370a22028f67f0b36e2ed596623e1d33e6339c4e9c9b22";
const OTHER = "adad5a64b5a142e55362a09057dacd5ae63b847fc23794b766b319361fc93188";
const poster = (name: string) => name.padEnd(64, "0");

export function describeNearDuplicateIndexContract(
  name: string,
  open: () => Promise<OpenedNearDuplicateIndex>,
) {
  describe(`NearDuplicateIndex contract: ${name}`, () => {
    let opened: OpenedNearDuplicateIndex;
    beforeEach(async () => {
      opened = await open();
    });
    afterEach(async () => {
      await opened.close();
    });

    it("finds every poster within 31 bits, nearest first, and none beyond", async () => {
      const { index } = opened;
      await index.add(poster("a"), BASE);
      await index.add(poster("b"), hashNear(BASE, 16));
      await index.add(poster("c"), hashNear(BASE, 31));
      await index.add(poster("d"), hashNear(BASE, 32));
      await index.add(poster("e"), OTHER);
      expect(await index.findWithin(hashNear(BASE, 0))).toEqual([
        { posterHash: poster("a"), distance: 0 },
        { posterHash: poster("b"), distance: 16 },
        { posterHash: poster("c"), distance: 31 },
      ]);
      expect((await index.findWithin(BASE, 10)).map((m) => m.posterHash)).toEqual([poster("a")]);
      expect((await index.findWithin(BASE, 32)).map((m) => m.posterHash)).toContain(poster("d"));
    });

    it("lists a poster added twice once", async () => {
      await opened.index.add(poster("a"), BASE);
      await opened.index.add(poster("a"), BASE);
      expect(await opened.index.findWithin(BASE)).toEqual([{ posterHash: poster("a"), distance: 0 }]);
    });

    it("finds nothing in an empty index", async () => {
      expect(await opened.index.findWithin(BASE)).toEqual([]);
    });
  });
}
