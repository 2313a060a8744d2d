import type { PosterShape } from "../profile/profile-schema.js";
import { imageCandidates, largestCandidate } from "./image-candidates.js";
import { jsonLdWorks, openGraph, type TitleMetadata, tileTitle } from "./metadata.js";
import type { PageScan } from "./page-scan.js";
import { judgePoster } from "./poster-heuristics.js";

export type PosterSource = "tile" | "image" | "json-ld" | "open-graph";

export interface FoundPoster {
  posterUrl: string;
  /** The catalog page it was seen on. */
  catalogUrl: string;
  /** The title's detail page, when the tile links to one. */
  detailUrl?: string;
  metadata: TitleMetadata;
  source: PosterSource;
}

export interface Extraction {
  posters: FoundPoster[];
  /** Images judged not to be posters, with why (for debugging a profile). */
  rejected: { url: string; reason: string }[];
  /** What the page itself says about the title it describes (a detail page). */
  pageMetadata: TitleMetadata;
}

function detailLink(link: string | undefined, posterUrl: string, pageUrl: string): string | undefined {
  if (!link) return undefined;
  try {
    const url = new URL(link);
    if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
    url.hash = "";
    const href = url.href;
    const page = new URL(pageUrl);
    page.hash = "";
    if (href === posterUrl || href === page.href) return undefined;
    return href;
  } catch {
    return undefined;
  }
}

function withinShape(width: number, height: number, shape: PosterShape): boolean {
  const aspect = width / height;
  return (
    width >= shape.minWidth &&
    height >= shape.minHeight &&
    aspect >= shape.minAspect &&
    aspect <= shape.maxAspect
  );
}

/** Turns one scan of a page into posters: tiles or poster-shaped images, JSON-LD works, og:image. */
export function extractPosters(scan: PageScan, shape: PosterShape): Extraction {
  const posters: FoundPoster[] = [];
  const rejected: { url: string; reason: string }[] = [];
  for (const image of scan.images) {
    const best = largestCandidate(imageCandidates(image, scan.baseUri));
    if (!best) continue;
    const verdict = judgePoster(image, best.url, shape);
    if (!verdict.poster) {
      rejected.push({ url: best.url, reason: verdict.reason });
      continue;
    }
    const metadata: TitleMetadata = {};
    const title = tileTitle(image);
    if (title) metadata.title = title;
    const poster: FoundPoster = {
      posterUrl: best.url,
      catalogUrl: scan.url,
      metadata,
      source: image.fromTile ? "tile" : "image",
    };
    const detailUrl = detailLink(image.link, best.url, scan.url);
    if (detailUrl) poster.detailUrl = detailUrl;
    posters.push(poster);
  }

  const works = jsonLdWorks(scan.jsonLd, scan.baseUri);
  for (const work of works) {
    const [image] = work.images;
    if (!image) continue;
    const { images: _images, url, ...metadata } = work;
    const poster: FoundPoster = { posterUrl: image, catalogUrl: scan.url, metadata, source: "json-ld" };
    const detailUrl = detailLink(url, image, scan.url);
    if (detailUrl) poster.detailUrl = detailUrl;
    posters.push(poster);
  }

  const og = openGraph(scan.meta, scan.baseUri);
  if (og.image && og.imageWidth && og.imageHeight && withinShape(og.imageWidth, og.imageHeight, shape)) {
    const metadata: TitleMetadata = og.title ? { title: og.title } : {};
    posters.push({ posterUrl: og.image, catalogUrl: scan.url, metadata, source: "open-graph" });
  }

  return { posters, rejected, pageMetadata: pageMetadataOf(works, og) };
}

/** A detail page describes one title: its first JSON-LD work, or its OpenGraph tags. */
function pageMetadataOf(
  works: ReturnType<typeof jsonLdWorks>,
  og: ReturnType<typeof openGraph>,
): TitleMetadata {
  const work = works.length === 1 ? works[0] : undefined;
  if (work) {
    const { images: _images, url: _url, ...metadata } = work;
    return metadata;
  }
  const metadata: TitleMetadata = {};
  if (og.title) metadata.title = og.title;
  if (og.type) metadata.type = og.type;
  return metadata;
}
