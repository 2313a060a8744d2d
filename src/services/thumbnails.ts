import { displayedSize, openImage } from "../imaging/readable-image.js";
import type { ObjectStore } from "../ports/object-store.js";

/** Thumbnails fit this box (2:3, the poster shape), at twice the gallery's display size. */
export const THUMBNAIL_SIZE = { width: 360, height: 540 } as const;

export function thumbnailKeyOf(posterHash: string): string {
  return `thumbnails/${posterHash.slice(0, 2)}/${posterHash}.webp`;
}

/** Gallery thumbnails: made once from the stored poster, then kept in the object store. */
export function thumbnailService(deps: { objects: ObjectStore }) {
  const { objects } = deps;
  const inFlight = new Map<string, Promise<Buffer | undefined>>();
  let generated = 0;

  async function generate(posterHash: string, sourceKey: string): Promise<Buffer | undefined> {
    const key = thumbnailKeyOf(posterHash);
    const stored = await objects.get(key);
    if (stored) return stored;
    const original = await objects.get(sourceKey);
    if (!original) return undefined;
    // openImage: sharp cannot read a BMP by itself.
    const thumbnail = await openImage(original, { failOn: "none" })
      .rotate()
      .resize({ ...THUMBNAIL_SIZE, fit: "inside", withoutEnlargement: true })
      .webp({ quality: 72 })
      .toBuffer();
    await objects.put(key, thumbnail, "image/webp");
    generated += 1;
    return thumbnail;
  }

  /** The thumbnail's bytes, made on first use; undefined when the poster image is missing. */
  function get(posterHash: string, sourceKey: string): Promise<Buffer | undefined> {
    let pending = inFlight.get(posterHash);
    if (!pending) {
      pending = generate(posterHash, sourceKey).finally(() => inFlight.delete(posterHash));
      inFlight.set(posterHash, pending);
    }
    return pending;
  }

  return {
    keyOf: thumbnailKeyOf,
    get,

    /** Makes the thumbnail unless it exists; returns its key, or undefined without a poster image. */
    async ensure(posterHash: string, sourceKey: string): Promise<string | undefined> {
      const bytes = await get(posterHash, sourceKey);
      return bytes ? thumbnailKeyOf(posterHash) : undefined;
    },

    /** Width and height as displayed (EXIF orientation applied): evidence boxes use these pixels. */
    async dimensions(sourceKey: string): Promise<{ width: number; height: number } | undefined> {
      const original = await objects.get(sourceKey);
      if (!original) return undefined;
      const { width, height } = await displayedSize(original);
      return width && height ? { width, height } : undefined;
    },

    /** How many thumbnails this process has made (each poster once). */
    get generatedCount(): number {
      return generated;
    },
  };
}

export type ThumbnailService = ReturnType<typeof thumbnailService>;
