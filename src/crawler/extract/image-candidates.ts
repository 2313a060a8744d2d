import type { RawImage } from "./page-scan.js";
import { cssImageUrls, parseSrcset, type SrcsetEntry } from "./srcset.js";

export interface ImageCandidate {
  url: string;
  /** Estimated width in image pixels; 0 when nothing says. */
  width: number;
  /** Where it came from, by preference when widths tie: lazy attributes hold the real image. */
  rank: number;
}

const RANK = { srcset: 4, lazy: 3, current: 2, src: 1, background: 2 } as const;

/** An absolute http(s) URL without its fragment, or undefined for data:, blob: and the like. */
export function absoluteHttpUrl(value: string, baseUri: string): string | undefined {
  try {
    const url = new URL(value.trim(), baseUri);
    if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
    url.hash = "";
    return url.href;
  } catch {
    return undefined;
  }
}

function estimateWidth(entry: SrcsetEntry, renderedWidth: number): number {
  if (entry.width !== undefined) return entry.width;
  return (entry.density ?? 1) * renderedWidth;
}

/** Every image URL an element offers (src, srcset, lazy attributes, picture sources, CSS backgrounds). */
export function imageCandidates(image: RawImage, baseUri: string): ImageCandidate[] {
  const found: ImageCandidate[] = [];
  const add = (raw: string, width: number, rank: number) => {
    const url = absoluteHttpUrl(raw, baseUri);
    if (url) found.push({ url, width, rank });
  };
  const rendered = image.width;
  for (const set of [image.srcset, ...image.lazySrcset, ...image.sources]) {
    if (!set) continue;
    for (const entry of parseSrcset(set)) add(entry.url, estimateWidth(entry, rendered), RANK.srcset);
  }
  for (const lazy of image.lazySrc) add(lazy, rendered, RANK.lazy);
  if (image.currentSrc) {
    add(image.currentSrc, image.naturalWidth > 0 ? image.naturalWidth : rendered, RANK.current);
  }
  if (image.src) add(image.src, rendered, RANK.src);
  if (image.background) {
    for (const entry of cssImageUrls(image.background)) {
      add(entry.url, estimateWidth(entry, rendered), RANK.background);
    }
  }
  return found;
}

/** The largest candidate: the widest, and among equals the one lazy loading would have shown. */
export function largestCandidate(candidates: ImageCandidate[]): ImageCandidate | undefined {
  let best: ImageCandidate | undefined;
  for (const candidate of candidates) {
    if (
      !best ||
      candidate.width > best.width ||
      (candidate.width === best.width && candidate.rank > best.rank)
    ) {
      best = candidate;
    }
  }
  return best;
}
