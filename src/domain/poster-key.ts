import { isPlatformSlug } from "./platform.js";

export const IMAGE_EXTENSIONS = {
  jpeg: "jpg",
  png: "png",
  webp: "webp",
  gif: "gif",
  avif: "avif",
  tiff: "tiff",
  bmp: "bmp",
} as const;
export type ImageFormat = keyof typeof IMAGE_EXTENSIONS;

const HASH = /^[0-9a-f]{64}$/;

export function isPosterHash(value: string): boolean {
  return HASH.test(value);
}

/** The object key of a poster: `posters/{platform}/{hash[0..2]}/{hash}.{ext}`. */
export function posterKey(platform: string, posterHash: string, format: ImageFormat): string {
  if (!isPlatformSlug(platform)) throw new Error(`invalid platform slug: ${JSON.stringify(platform)}`);
  if (!isPosterHash(posterHash)) throw new Error(`invalid poster hash: ${JSON.stringify(posterHash)}`);
  return `posters/${platform}/${posterHash.slice(0, 2)}/${posterHash}.${IMAGE_EXTENSIONS[format]}`;
}

export function contentTypeOf(format: ImageFormat): string {
  return `image/${format}`;
}
