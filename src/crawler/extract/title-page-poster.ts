import type { PosterShape } from "../profile/profile-schema.js";
import { extractPosters, type FoundPoster } from "./extract-posters.js";
import { jsonLdWorks, openGraph } from "./metadata.js";
import type { PageScan } from "./page-scan.js";

/** Loads an image and says its size, or undefined when it does not load. */
export type MeasureImage = (url: string) => Promise<{ width: number; height: number } | undefined>;

function samePage(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const strip = (url: string) => url.replace(/#.*$/, "").replace(/\/$/, "");
  return strip(a) === strip(b);
}

/**
 * The poster of a title's own page, for a title a listing names without showing its artwork: the
 * image of the page's JSON-LD work (the one that is this page, else the first), else og:image
 * when it is portrait (as declared, or as measured when nothing is declared), else the first
 * poster-shaped image the page shows. `catalogUrl` is the listing that linked here.
 */
export async function titlePagePoster(
  scan: PageScan,
  shape: PosterShape,
  catalogUrl: string,
  measure: MeasureImage,
): Promise<FoundPoster | undefined> {
  const { posters, pageMetadata } = extractPosters(scan, shape);
  const from = (posterUrl: string, source: FoundPoster["source"]): FoundPoster => ({
    posterUrl,
    catalogUrl,
    detailUrl: scan.url,
    metadata: { ...pageMetadata, url: scan.url },
    source,
  });

  const works = jsonLdWorks(scan.jsonLd, scan.baseUri).filter((w) => w.images.length > 0);
  const work = works.find((w) => samePage(w.url, scan.url)) ?? works[0];
  const workImage = work?.images[0];
  if (work && workImage) {
    const { images: _images, url: _url, ...metadata } = work;
    return { ...from(workImage, "json-ld"), metadata: { ...metadata, url: scan.url } };
  }

  const og = openGraph(scan.meta, scan.baseUri);
  if (og.image) {
    const size =
      og.imageWidth && og.imageHeight
        ? { width: og.imageWidth, height: og.imageHeight }
        : await measure(og.image);
    if (size) {
      const aspect = size.width / size.height;
      const portrait =
        size.width >= shape.minWidth &&
        size.height >= shape.minHeight &&
        aspect >= shape.minAspect &&
        aspect <= shape.maxAspect;
      if (portrait) return from(og.image, "open-graph");
    }
  }

  const shown = posters.find((p) => p.source === "image");
  return shown ? from(shown.posterUrl, "image") : undefined;
}

/**
 * Whether a page opened as a title's page is a listing after all (a genre or collection named in
 * a text link): it describes no single work and shows several posters of its own.
 */
export function looksLikeListing(scan: PageScan, shape: PosterShape): boolean {
  if (jsonLdWorks(scan.jsonLd, scan.baseUri).length === 1) return false;
  return extractPosters(scan, shape).posters.filter((p) => p.source === "image").length >= 3;
}
