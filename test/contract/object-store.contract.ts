import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ObjectStore } from "../../src/ports/object-store.js";

/** What every ObjectStore guarantees, run against each adapter. */
export interface ObjectStoreHarness {
  /** The store under test; its bucket exists and the suite's keys are its own. */
  store(): ObjectStore;
  bucket: string;
}

let keys = 0;

/** A key in the seed's layout, new for every call. */
export function posterKey(extension = "png"): string {
  const hash = randomBytes(32).toString("hex");
  keys++;
  return `posters/platform-${keys}/${hash.slice(0, 2)}/${hash}.${extension}`;
}

/** Every byte value, then random bytes: nothing may be re-encoded on the way. */
export function binaryBody(size = 70_000): Buffer {
  const everyByte = Buffer.from(Array.from({ length: 256 }, (_, n) => n));
  return Buffer.concat([everyByte, randomBytes(size - everyByte.length)]);
}

export function describeObjectStoreContract(label: string, harness: ObjectStoreHarness): void {
  describe(`ObjectStore contract: ${label}`, () => {
    it("names its bucket", () => {
      expect(harness.store().bucket).toBe(harness.bucket);
    });

    it("gives back exactly the bytes put under a key", async () => {
      const store = harness.store();
      const key = posterKey();
      const body = binaryBody();

      await store.put(key, body, "image/png");

      expect((await store.get(key))?.equals(body)).toBe(true);
      expect(await store.exists(key)).toBe(true);
    });

    it("answers undefined and false for a key never written", async () => {
      const store = harness.store();
      const key = posterKey();
      expect(await store.get(key)).toBeUndefined();
      expect(await store.exists(key)).toBe(false);
    });

    it("matches keys exactly, not by prefix", async () => {
      const store = harness.store();
      const key = posterKey("jpg");
      await store.put(key, Buffer.from("poster"), "image/jpeg");

      expect(await store.get(key.slice(0, -4))).toBeUndefined();
      expect(await store.exists(key.slice(0, -4))).toBe(false);
      expect(await store.exists(`${key}.jpg`)).toBe(false);
    });

    it("replaces the whole object on a second put", async () => {
      const store = harness.store();
      const key = posterKey();
      await store.put(key, binaryBody(), "image/png");
      const shorter = Buffer.from([0xff, 0x00, 0x10]);

      await store.put(key, shorter, "image/png");

      expect(await store.get(key)).toEqual(shorter);
    });

    it("deletes an object, and deleting a missing key is no error", async () => {
      const store = harness.store();
      const key = posterKey("webp");
      const other = posterKey("webp");
      await store.put(key, Buffer.from("a"), "image/webp");
      await store.put(other, Buffer.from("b"), "image/webp");

      await store.delete(key);

      expect(await store.get(key)).toBeUndefined();
      expect(await store.exists(key)).toBe(false);
      expect(await store.get(other)).toEqual(Buffer.from("b"));
      await expect(store.delete(key)).resolves.toBeUndefined();
    });

    it("stores an empty object", async () => {
      const store = harness.store();
      const key = posterKey();
      await store.put(key, Buffer.alloc(0), "image/png");
      expect(await store.get(key)).toEqual(Buffer.alloc(0));
      expect(await store.exists(key)).toBe(true);
    });
  });
}
