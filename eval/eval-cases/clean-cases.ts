import type { EvalCase } from "./eval-case.js";
import { type PosterCaseSpec, posterCase } from "./poster-case.js";
import type { BackgroundKind, LayoutItem } from "./poster-layout.js";
import { TAGLINES, TITLES, YEARS } from "./vocabulary.js";

const KINDS: readonly BackgroundKind[] = ["photo", "flat", "photo", "gradient", "photo"];
const PRIME_SLOTS = ["upper", "middle", "lower"] as const;

type CleanEntry = Omit<PosterCaseSpec, "group" | "expected">;

const titled = (title: string, ...more: LayoutItem[]): LayoutItem[] => [
  { lines: [title], role: "title" },
  ...more,
];
const tagline = (index: number): LayoutItem => ({
  lines: [TAGLINES[index % TAGLINES.length] as string],
  role: "tagline",
});
const year = (index: number): LayoutItem => ({
  lines: [YEARS[index % YEARS.length] as string],
  role: "year",
});
const claim = (text: string): LayoutItem => ({ lines: [text], role: "claim" });

/** Ordinary key art: title, tagline and year in every font, colour and place. */
function ordinaryPosters(): CleanEntry[] {
  return TITLES.map((title, index) => ({
    id: `clean-poster-${index}`,
    summary: `a clean poster titled "${title}" with a tagline${index % 2 === 0 ? " and a year" : ""}`,
    policy: "generic",
    title,
    width: 1000,
    height: 1500,
    items: index % 2 === 0 ? titled(title, tagline(index), year(index)) : titled(title, tagline(index)),
    background: KINDS[index % KINDS.length],
    inSubset: index === 0 || index === 9,
  }));
}

/** A platform may name itself: its own brand is no competitor. */
function ownBrandPosters(): CleanEntry[] {
  return [
    {
      id: "clean-own-brand-netflix",
      summary: 'own brand: "ONLY ON NETFLIX" on the netflix platform',
      policy: "eval-platforms",
      platform: "netflix",
      title: "DARK WATERS",
      items: titled("DARK WATERS", claim("ONLY ON NETFLIX")),
      inSubset: true,
    },
    {
      id: "clean-own-brand-netflix-series",
      summary: 'own brand: "A NETFLIX ORIGINAL SERIES" on the netflix platform',
      policy: "eval-platforms",
      platform: "netflix",
      title: "MIDNIGHT LANE",
      items: titled("MIDNIGHT LANE", claim("A NETFLIX ORIGINAL SERIES"), tagline(3)),
    },
    {
      id: "clean-own-brand-hulu",
      summary: 'own brand: "A HULU ORIGINAL" on the hulu platform',
      policy: "eval-platforms",
      platform: "hulu",
      title: "The Glass Garden",
      items: titled("The Glass Garden", claim("A HULU ORIGINAL")),
    },
    {
      id: "clean-own-brand-prime",
      summary: 'own brand: "ONLY ON PRIME VIDEO" under prime-video',
      policy: "prime-video",
      title: "SILVER CREEK",
      width: 2000,
      height: 3000,
      slots: PRIME_SLOTS,
      items: titled("SILVER CREEK", claim("ONLY ON PRIME VIDEO")),
    },
    {
      id: "clean-own-brand-amazon-original",
      summary: 'own brand: "AMAZON ORIGINAL" under prime-video',
      policy: "prime-video",
      title: "WILD COAST",
      width: 2000,
      height: 3000,
      slots: PRIME_SLOTS,
      items: titled("WILD COAST", claim("AMAZON ORIGINAL"), tagline(6)),
    },
  ].map((entry) => ({ width: 1000, height: 1500, ...entry }));
}

/** Titles holding a word a rule would flag elsewhere: the known title is allowed. */
function trickyTitles(): CleanEntry[] {
  return [
    { title: "FREE FALL", more: [tagline(1)] },
    { title: "RENT", more: [tagline(4), year(2)] },
    { title: "THE WINNER", more: [tagline(7)] },
    { title: "SHOWTIME", more: [tagline(8)] },
    { title: "COMING HOME", more: [tagline(10), year(4)] },
    { title: "Half Moon Bay", more: [tagline(11)] },
  ].map(({ title, more }, index) => ({
    id: `clean-title-${title.toLowerCase().replaceAll(" ", "-")}`,
    summary: `the known title "${title}" holds a word other rules watch`,
    policy: "generic",
    title,
    width: 1000,
    height: 1500,
    items: titled(title, ...more),
    background: KINDS[(index + 1) % KINDS.length],
    inSubset: index === 2,
  }));
}

/** Other artwork types, presets, formats and sizes that are all within their spec. */
function otherArtwork(): CleanEntry[] {
  return [
    {
      id: "clean-hero-generic",
      summary: "textless hero art",
      policy: "generic",
      artworkType: "hero",
      width: 1920,
      height: 1080,
      items: [],
      background: "photo",
      inSubset: true,
    },
    {
      id: "clean-episodic-prime",
      summary: "textless prime-video episodic art",
      policy: "prime-video",
      artworkType: "episodic",
      width: 1920,
      height: 1080,
      items: [],
      background: "photo",
    },
    {
      id: "clean-hero-apple",
      summary: "textless apple-tv hero art",
      policy: "apple-tv",
      artworkType: "hero",
      width: 1920,
      height: 1080,
      items: [],
      background: "gradient",
    },
    {
      id: "clean-box-art",
      summary: "3:4 box art with its title",
      policy: "generic",
      artworkType: "box-art",
      title: "STONE RIVER",
      width: 1200,
      height: 1600,
      items: titled("STONE RIVER", tagline(2)),
    },
    {
      id: "clean-box-art-seasons",
      summary: "4:3 season box art under prime-video",
      policy: "prime-video",
      artworkType: "box-art",
      title: "HOLLOW PINES",
      width: 1600,
      height: 1200,
      slots: ["middle", "lower"],
      items: titled("HOLLOW PINES", { lines: ["SEASON 2"], role: "tagline" }),
    },
    {
      id: "clean-cover",
      summary: "16:9 cover art with title and tagline",
      policy: "generic",
      artworkType: "cover",
      title: "Northern Lights",
      width: 1920,
      height: 1080,
      items: titled("Northern Lights", tagline(5)),
    },
    {
      id: "clean-cover-prime",
      summary: "prime-video cover art, title below its top safe zone",
      policy: "prime-video",
      artworkType: "cover",
      title: "RED HORIZON",
      width: 1920,
      height: 1080,
      slots: ["middle", "lower"],
      items: titled("RED HORIZON", tagline(0)),
    },
    {
      id: "clean-apple-poster-0",
      summary: "apple-tv poster with its title",
      policy: "apple-tv",
      title: "IRON VALLEY",
      width: 1000,
      height: 1500,
      items: titled("IRON VALLEY", tagline(3), year(0)),
    },
    {
      id: "clean-apple-poster-1",
      summary: "apple-tv poster with its title",
      policy: "apple-tv",
      title: "The Quiet Orchard",
      width: 1000,
      height: 1500,
      items: titled("The Quiet Orchard", tagline(9)),
      background: "gradient",
    },
    {
      id: "clean-prime-poster-0",
      summary: "prime-video poster: title, tagline and year clear of the safe zones",
      policy: "prime-video",
      title: "THE LAST HARBOR",
      width: 2000,
      height: 3000,
      slots: PRIME_SLOTS,
      items: titled("THE LAST HARBOR", tagline(4), year(3)),
      inSubset: true,
    },
    {
      id: "clean-prime-poster-1",
      summary: "prime-video poster: title and tagline clear of the safe zones",
      policy: "prime-video",
      title: "Paper Kingdoms",
      width: 2000,
      height: 3000,
      slots: PRIME_SLOTS,
      items: titled("Paper Kingdoms", tagline(8)),
      background: "flat",
    },
    {
      id: "clean-title-art-prime",
      summary: "prime-video title art: the title on a transparent background",
      policy: "prime-video",
      artworkType: "title-art",
      title: "The Salt House",
      width: 1500,
      height: 900,
      transparent: true,
      items: [{ lines: ["The Salt House"], role: "title", slot: "middle" }],
      encoding: { format: "png" },
    },
    {
      id: "clean-greyscale",
      summary: "greyscale JPEG (the generic preset accepts b-w)",
      policy: "generic",
      title: "DARK WATERS",
      width: 1000,
      height: 1500,
      items: titled("DARK WATERS", tagline(6)),
      encoding: { format: "jpeg", colourspace: "b-w" },
    },
    {
      id: "clean-thin-bars",
      summary: "black bars of 45 px (3 %), under the generic 4 %",
      policy: "generic",
      title: "Ember Road",
      width: 1000,
      height: 1410,
      frame: { top: 45, bottom: 45, left: 0, right: 0, colour: "#000000" },
      items: titled("Ember Road", tagline(2)),
    },
    {
      id: "clean-png",
      summary: "PNG poster",
      policy: "generic",
      title: "MIDNIGHT LANE",
      width: 1000,
      height: 1500,
      items: titled("MIDNIGHT LANE", tagline(5)),
      encoding: { format: "png" },
      background: "gradient",
    },
    {
      id: "clean-webp",
      summary: "WebP poster",
      policy: "generic",
      title: "WILD COAST",
      width: 1000,
      height: 1500,
      items: titled("WILD COAST", tagline(0)),
      encoding: { format: "webp" },
    },
    {
      id: "clean-large",
      summary: "2000×3000 generic poster",
      policy: "generic",
      title: "SILVER CREEK",
      width: 2000,
      height: 3000,
      items: titled("SILVER CREEK", tagline(1), year(1)),
    },
    {
      id: "clean-small-enough",
      summary: "600×900, exactly the generic minimum",
      policy: "generic",
      title: "STONE RIVER",
      width: 600,
      height: 900,
      items: titled("STONE RIVER"),
    },
  ];
}

/** Posters that carry a title, a tagline, a year or the platform's own brand, and nothing else. */
export function cleanCases(seed: number): EvalCase[] {
  const entries = [...ordinaryPosters(), ...ownBrandPosters(), ...trickyTitles(), ...otherArtwork()];
  return entries.map((entry, index) =>
    posterCase(seed, {
      group: "clean",
      expected: [],
      background: KINDS[index % KINDS.length],
      ...entry,
    }),
  );
}

/** Every distinct PDQ photo as a textless poster (film grain keeps the small ones sharp). */
const PHOTO_FILES = [
  "aaa-orig.jpg",
  "bridge-2-rotate-90.jpg",
  "high-contrast.jpg",
  "high-saturation.jpg",
  "sharpen-a-lot.jpg",
  "shrink-a-little.jpg",
  "q0003.jpg",
  "q0004.jpg",
  "q0122.jpg",
  "q0291.jpg",
  "q0746.jpg",
  "q1050.jpg",
  "q2821.jpg",
  "square-128x128.jpg",
  "square-256x256.jpg",
  "square-512x512.jpg",
] as const;

export function photoCases(seed: number): EvalCase[] {
  return PHOTO_FILES.map((photo) =>
    posterCase(seed, {
      id: `photo-${photo.replace(/\.jpg$/, "")}`,
      group: "photo",
      summary: `the real photo ${photo} as a textless poster`,
      expected: [],
      inSubset: photo === "q0291.jpg" || photo === "aaa-orig.jpg" || photo === "q0122.jpg",
      policy: "generic",
      width: 1000,
      height: 1500,
      items: [],
      background: { kind: "photo", photo },
    }),
  );
}
