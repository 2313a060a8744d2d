import { absoluteHttpUrl } from "./image-candidates.js";
import type { RawImage } from "./page-scan.js";

/** schema.org types whose `image` is a title's key art. */
const WORK_TYPES = new Set([
  "Movie",
  "TVSeries",
  "CreativeWork",
  "TVSeason",
  "TVEpisode",
  "CreativeWorkSeries",
  "VideoGame",
]);

export interface TitleMetadata {
  title?: string;
  /** schema.org type, e.g. Movie or TVSeries. */
  type?: string;
  genre?: string[];
  datePublished?: string;
  /** The title's own page. */
  url?: string;
}

export interface JsonLdWork extends TitleMetadata {
  images: string[];
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

function text(value: unknown, max = 300): string | undefined {
  if (typeof value !== "string") return undefined;
  const cleaned = value.replace(/\s+/g, " ").trim();
  return cleaned ? cleaned.slice(0, max) : undefined;
}

function imageUrls(value: unknown, baseUri: string): string[] {
  return asArray(value).flatMap((entry) => {
    const raw =
      typeof entry === "string"
        ? entry
        : entry && typeof entry === "object"
          ? ((entry as Record<string, unknown>).url ?? (entry as Record<string, unknown>).contentUrl)
          : undefined;
    const url = typeof raw === "string" ? absoluteHttpUrl(raw, baseUri) : undefined;
    return url ? [url] : [];
  });
}

function typesOf(node: Record<string, unknown>): string[] {
  return asArray(node["@type"])
    .filter((t): t is string => typeof t === "string")
    .map((t) => t.replace(/^https?:\/\/schema\.org\//, ""));
}

/** Movies and series described by the page's JSON-LD, wherever they sit (@graph, ItemList, nesting). */
export function jsonLdWorks(blocks: string[], baseUri: string): JsonLdWork[] {
  const works: JsonLdWork[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth > 8 || !node || typeof node !== "object") return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    const record = node as Record<string, unknown>;
    const type = typesOf(record).find((t) => WORK_TYPES.has(t));
    if (type) {
      const work: JsonLdWork = { type, images: imageUrls(record.image, baseUri) };
      const name = text(record.name) ?? text(record.headline);
      if (name) work.title = name;
      const genre = asArray(record.genre)
        .map((g) => text(g, 60))
        .filter((g): g is string => !!g);
      if (genre.length > 0) work.genre = genre;
      const published = text(record.datePublished, 40) ?? text(record.startDate, 40);
      if (published) work.datePublished = published;
      const url = typeof record.url === "string" ? absoluteHttpUrl(record.url, baseUri) : undefined;
      if (url) work.url = url;
      works.push(work);
    }
    for (const [key, value] of Object.entries(record)) {
      if (key !== "image" && value && typeof value === "object") visit(value, depth + 1);
    }
  };
  for (const block of blocks) {
    try {
      visit(JSON.parse(block), 0);
    } catch {
      // A broken JSON-LD block is the page's problem; the rest of the page still counts.
    }
  }
  return works;
}

export interface OpenGraph {
  title?: string;
  type?: string;
  image?: string;
  imageWidth?: number;
  imageHeight?: number;
}

export function openGraph(meta: Record<string, string>, baseUri: string): OpenGraph {
  const og: OpenGraph = {};
  const title = text(meta["og:title"] ?? meta["twitter:title"]);
  if (title) og.title = title;
  const type = text(meta["og:type"], 60);
  if (type) og.type = type;
  const image = meta["og:image"] ?? meta["og:image:url"] ?? meta["og:image:secure_url"];
  const url = image ? absoluteHttpUrl(image, baseUri) : undefined;
  if (url) og.image = url;
  const width = Number(meta["og:image:width"]);
  const height = Number(meta["og:image:height"]);
  if (width > 0 && height > 0) {
    og.imageWidth = width;
    og.imageHeight = height;
  }
  return og;
}

const GENERIC_ALT = /^(poster|image|img|picture|photo|thumbnail|thumb|cover|artwork|key ?art|untitled)$/i;

/** The title a tile shows: the profile's title element, alt text, aria-label, title attribute, text. */
export function tileTitle(image: RawImage): string | undefined {
  const candidates = [image.tileTitle, image.alt, image.ariaLabel, image.titleAttr, image.text];
  for (const candidate of candidates) {
    const cleaned = candidate?.replace(/\s+/g, " ").trim();
    if (cleaned && !GENERIC_ALT.test(cleaned)) return cleaned.slice(0, 300);
  }
  return undefined;
}
