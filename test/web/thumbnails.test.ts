import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { FilesystemObjectStore } from "../../src/adapters/embedded/filesystem-object-store.js";
import { thumbnailKeyOf, thumbnailService } from "../../src/services/thumbnails.js";
import { makePoster } from "../support/posters.js";

describe("thumbnails", () => {
  const dir = mkdtempSync(join(tmpdir(), "posterguard-thumbs-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("are made once from the stored poster, kept in the object store, and fit 360 × 540", async () => {
    const objects = new FilesystemObjectStore(dir, "posterguard-posters");
    const hash = "ab".repeat(32);
    const source = `posters/streamflix/ab/${hash}.jpg`;
    await objects.put(source, await makePoster(301, 1000, 1500), "image/jpeg");
    const thumbnails = thumbnailService({ objects });

    const [first, second] = await Promise.all([thumbnails.get(hash, source), thumbnails.get(hash, source)]);
    const third = await thumbnails.get(hash, source);
    expect(thumbnails.generatedCount).toBe(1);
    expect(first?.equals(second as Buffer)).toBe(true);
    expect(third?.equals(first as Buffer)).toBe(true);
    expect(thumbnailKeyOf(hash)).toBe(`thumbnails/ab/${hash}.webp`);
    expect(await objects.exists(thumbnailKeyOf(hash))).toBe(true);

    const meta = await sharp(first).metadata();
    expect(meta.format).toBe("webp");
    expect([meta.width, meta.height]).toEqual([360, 540]);
    expect(first?.length).toBeLessThan(120_000);

    // A new process finds the stored thumbnail and makes none.
    const again = thumbnailService({ objects });
    await again.get(hash, source);
    expect(again.generatedCount).toBe(0);
    expect(await again.dimensions(source)).toEqual({ width: 1000, height: 1500 });
    expect(await again.get("cd".repeat(32), "posters/x/cd/missing.jpg")).toBeUndefined();
  });
});
