import type { ViolationCode } from "../../src/domain/violation.js";
import type { EvalCase } from "./eval-case.js";
import { type PosterCaseSpec, posterCase } from "./poster-case.js";
import type { LayoutItem } from "./poster-layout.js";
import { TAGLINES, TITLES } from "./vocabulary.js";

type TechnicalSpec = Omit<PosterCaseSpec, "group" | "policy" | "width" | "height" | "items" | "title"> &
  Partial<Pick<PosterCaseSpec, "policy" | "width" | "height" | "items" | "title">>;

const PRIME_SLOTS = ["upper", "middle", "lower"] as const;

/** A titled poster (title and tagline) broken in one technical way; generic 1000×1500 JPEG unless said. */
function technical(seed: number, index: number, spec: TechnicalSpec): EvalCase {
  const fallbackTitle = TITLES[(index * 5 + 3) % TITLES.length] as string;
  const title = spec.items ? spec.title : (spec.title ?? fallbackTitle);
  const items: readonly LayoutItem[] = spec.items ?? [
    { lines: [fallbackTitle], role: "title" },
    { lines: [TAGLINES[index % TAGLINES.length] as string], role: "tagline" },
  ];
  const prime = spec.policy === "prime-video";
  return posterCase(seed, {
    group: "technical",
    policy: "generic",
    width: prime ? 2000 : 1000,
    height: prime ? 3000 : 1500,
    ...(prime ? { slots: PRIME_SLOTS } : {}),
    background: "photo",
    ...spec,
    ...(title ? { title } : {}),
    items,
  });
}

/**
 * Opaque title art has no grain (so that its PNG stays under 1 MB); a strong diagonal gradient
 * keeps its margins from reading as flat bands.
 */
const STRONG_GRADIENTS = [
  { kind: "gradient", from: "#0b1a3a", to: "#b8432a", angle: 35 },
  { kind: "gradient", from: "#101010", to: "#2f8f6f", angle: 130 },
  { kind: "gradient", from: "#2b0f3a", to: "#e0a030", angle: 60 },
] as const;

function titleArt(title: string): LayoutItem[] {
  return [{ lines: [title], role: "title", slot: "middle", align: "center" }];
}

interface Entry extends TechnicalSpec {
  expected: ViolationCode[];
}

/** Each technical code: sizes, ratios, bars, blur, bytes, formats, colour spaces, transparency. */
export function technicalCases(seed: number): EvalCase[] {
  const entries: Entry[] = [
    // LOW_RESOLUTION
    {
      id: "tech-low-resolution-400",
      summary: "LOW_RESOLUTION: 400×600 poster",
      expected: ["LOW_RESOLUTION"],
      width: 400,
      height: 600,
    },
    {
      id: "tech-low-resolution-500-png",
      summary: "LOW_RESOLUTION: 500×750 PNG",
      expected: ["LOW_RESOLUTION"],
      width: 500,
      height: 750,
      encoding: { format: "png" },
      background: "gradient",
    },
    {
      id: "tech-low-resolution-580",
      summary: "LOW_RESOLUTION: 580×870, just under 600×900",
      expected: ["LOW_RESOLUTION"],
      width: 580,
      height: 870,
      inSubset: true,
    },
    {
      id: "tech-low-resolution-prime",
      summary: "LOW_RESOLUTION under prime-video: 1000×1500 (needs 2000×3000)",
      expected: ["LOW_RESOLUTION"],
      policy: "prime-video",
      width: 1000,
      height: 1500,
      slots: PRIME_SLOTS,
    },
    // ASPECT_RATIO
    {
      id: "tech-aspect-ratio-square",
      summary: "ASPECT_RATIO: square 1000×1000 poster",
      expected: ["ASPECT_RATIO"],
      width: 1000,
      height: 1000,
      inSubset: true,
    },
    {
      id: "tech-aspect-ratio-4x5",
      summary: "ASPECT_RATIO: 1200×1500 (4:5) poster",
      expected: ["ASPECT_RATIO"],
      width: 1200,
      height: 1500,
      background: "flat",
    },
    {
      id: "tech-aspect-ratio-7pct",
      summary: "ASPECT_RATIO: 1000×1400, 7 % off 2:3",
      expected: ["ASPECT_RATIO"],
      width: 1000,
      height: 1400,
    },
    {
      id: "tech-aspect-ratio-landscape",
      summary: "ASPECT_RATIO: 1500×1000 landscape as a poster",
      expected: ["ASPECT_RATIO"],
      width: 1500,
      height: 1000,
    },
    {
      id: "tech-aspect-ratio-box-art",
      summary: "ASPECT_RATIO: square box art (3:4 or 4:3 expected)",
      expected: ["ASPECT_RATIO"],
      artworkType: "box-art",
      width: 1200,
      height: 1200,
      background: "gradient",
    },
    {
      id: "tech-aspect-ratio-prime-2pct",
      summary: "ASPECT_RATIO under prime-video: 2000×3060, 2 % off (tolerance 1 %)",
      expected: ["ASPECT_RATIO"],
      policy: "prime-video",
      width: 2000,
      height: 3060,
    },
    // LETTERBOXING
    {
      id: "tech-letterbox-black",
      summary: "LETTERBOXING: black bars of 150 px top and bottom",
      expected: ["LETTERBOXING"],
      width: 1000,
      height: 1200,
      frame: { top: 150, bottom: 150, left: 0, right: 0, colour: "#000000" },
      inSubset: true,
    },
    {
      id: "tech-pillarbox-black",
      summary: "LETTERBOXING: black pillars of 100 px left and right",
      expected: ["LETTERBOXING"],
      width: 800,
      height: 1500,
      frame: { top: 0, bottom: 0, left: 100, right: 100, colour: "#000000" },
    },
    {
      id: "tech-border-white",
      summary: "LETTERBOXING: a white border of 80 px all round",
      expected: ["LETTERBOXING"],
      width: 840,
      height: 1340,
      frame: { top: 80, bottom: 80, left: 80, right: 80, colour: "#ffffff" },
      background: "gradient",
    },
    {
      id: "tech-letterbox-red",
      summary: "LETTERBOXING: dark red bars of 120 px top and bottom",
      expected: ["LETTERBOXING"],
      width: 1000,
      height: 1260,
      frame: { top: 120, bottom: 120, left: 0, right: 0, colour: "#5a0a14" },
    },
    {
      id: "tech-letterbox-prime-thin",
      summary: "LETTERBOXING under prime-video: 90 px bars (3 %; prime allows under 2 %)",
      expected: ["LETTERBOXING"],
      policy: "prime-video",
      width: 2000,
      height: 2820,
      frame: { top: 90, bottom: 90, left: 0, right: 0, colour: "#000000" },
    },
    // BLURRY
    {
      id: "tech-blurry-sigma3",
      summary: "BLURRY: the whole poster blurred (sigma 3)",
      expected: ["BLURRY"],
      blurSigma: 3,
      background: { kind: "photo", photo: "q0291.jpg" },
    },
    {
      id: "tech-blurry-sigma5",
      summary: "BLURRY: the whole poster blurred (sigma 5)",
      expected: ["BLURRY"],
      blurSigma: 5,
      background: { kind: "photo", photo: "q1050.jpg" },
      inSubset: true,
    },
    {
      id: "tech-blurry-sigma8",
      summary: "BLURRY: the whole poster blurred (sigma 8)",
      expected: ["BLURRY"],
      blurSigma: 8,
      background: { kind: "photo", photo: "aaa-orig.jpg", flop: true },
    },
    {
      id: "tech-blurry-pdq-blur-a-lot",
      summary: "BLURRY: the PDQ photo blur-a-lot.jpg as a poster, no text",
      expected: ["BLURRY"],
      grain: 0,
      items: [],
      background: { kind: "photo", photo: "blur-a-lot.jpg" },
    },
    // FILE_TOO_LARGE
    {
      id: "tech-file-too-large-png",
      summary: "FILE_TOO_LARGE: 2000×3000 PNG of a grainy photo, over 10 MB",
      expected: ["FILE_TOO_LARGE"],
      width: 2000,
      height: 3000,
      grain: 40,
      grainBlock: 1,
      encoding: { format: "png" },
    },
    {
      id: "tech-file-too-large-prime",
      summary: "FILE_TOO_LARGE under prime-video: 2000×3000 PNG over 10 MB",
      expected: ["FILE_TOO_LARGE"],
      policy: "prime-video",
      grain: 40,
      grainBlock: 1,
      encoding: { format: "png" },
      background: "gradient",
    },
    // UNSUPPORTED_FORMAT
    {
      id: "tech-format-gif",
      summary: "UNSUPPORTED_FORMAT: a GIF poster",
      expected: ["UNSUPPORTED_FORMAT"],
      encoding: { format: "gif" },
    },
    {
      id: "tech-format-tiff",
      summary: "UNSUPPORTED_FORMAT: a TIFF poster",
      expected: ["UNSUPPORTED_FORMAT"],
      encoding: { format: "tiff" },
      background: "gradient",
      inSubset: true,
    },
    {
      id: "tech-format-webp-prime",
      summary: "UNSUPPORTED_FORMAT under prime-video: WebP (JPEG or PNG only)",
      expected: ["UNSUPPORTED_FORMAT"],
      policy: "prime-video",
      encoding: { format: "webp" },
    },
    {
      id: "tech-format-tiff-apple",
      summary: "UNSUPPORTED_FORMAT under apple-tv: TIFF",
      expected: ["UNSUPPORTED_FORMAT"],
      policy: "apple-tv",
      encoding: { format: "tiff" },
      background: "flat",
    },
    {
      id: "tech-format-gif-low-resolution",
      summary: "UNSUPPORTED_FORMAT and LOW_RESOLUTION: a 400×600 GIF",
      expected: ["UNSUPPORTED_FORMAT", "LOW_RESOLUTION"],
      width: 400,
      height: 600,
      encoding: { format: "gif" },
    },
    // OVERSIZED
    {
      id: "tech-oversized-banner",
      summary: "OVERSIZED and ASPECT_RATIO: a 10050×1000 banner as a poster",
      expected: ["OVERSIZED", "ASPECT_RATIO"],
      width: 10050,
      height: 1000,
      items: [{ lines: ["WILD COAST"], role: "title", size: 300, slot: "middle" }],
      title: "WILD COAST",
      background: "gradient",
    },
    {
      id: "tech-oversized-title-art-prime",
      summary: "OVERSIZED under prime-video: transparent title art 10200×4000",
      expected: ["OVERSIZED"],
      policy: "prime-video",
      artworkType: "title-art",
      width: 10200,
      height: 4000,
      transparent: true,
      items: titleArt("RED HORIZON"),
      title: "RED HORIZON",
      encoding: { format: "png" },
    },
    // COLOR_SPACE
    {
      id: "tech-color-space-cmyk-prime",
      summary: "COLOR_SPACE under prime-video: a CMYK JPEG",
      expected: ["COLOR_SPACE"],
      policy: "prime-video",
      encoding: { format: "jpeg", colourspace: "cmyk" },
    },
    {
      id: "tech-color-space-grey-prime",
      summary: "COLOR_SPACE under prime-video: a greyscale JPEG (RGB required)",
      expected: ["COLOR_SPACE"],
      policy: "prime-video",
      encoding: { format: "jpeg", colourspace: "b-w" },
    },
    {
      id: "tech-color-space-cmyk-generic",
      summary: "COLOR_SPACE: a CMYK JPEG",
      expected: ["COLOR_SPACE"],
      encoding: { format: "jpeg", colourspace: "cmyk" },
      background: "gradient",
      inSubset: true,
    },
    // NO_TRANSPARENCY
    {
      id: "tech-no-transparency-prime",
      summary: "NO_TRANSPARENCY under prime-video: opaque PNG title art",
      expected: ["NO_TRANSPARENCY"],
      policy: "prime-video",
      artworkType: "title-art",
      width: 1500,
      height: 900,
      grain: 0,
      items: titleArt("IRON VALLEY"),
      title: "IRON VALLEY",
      background: STRONG_GRADIENTS[0],
      encoding: { format: "png" },
      inSubset: true,
    },
    {
      id: "tech-no-transparency-opaque-alpha",
      summary: "NO_TRANSPARENCY under prime-video: title art with an alpha channel, all opaque",
      expected: ["NO_TRANSPARENCY"],
      policy: "prime-video",
      artworkType: "title-art",
      width: 1500,
      height: 900,
      grain: 0,
      items: titleArt("DARK WATERS"),
      title: "DARK WATERS",
      background: STRONG_GRADIENTS[1],
      encoding: { format: "png", opaqueAlpha: true },
    },
    {
      id: "tech-no-transparency-jpeg",
      summary: "NO_TRANSPARENCY and UNSUPPORTED_FORMAT: title art as a JPEG",
      expected: ["NO_TRANSPARENCY", "UNSUPPORTED_FORMAT"],
      artworkType: "title-art",
      width: 1200,
      height: 720,
      grain: 0,
      items: titleArt("STONE RIVER"),
      title: "STONE RIVER",
      background: STRONG_GRADIENTS[2],
    },
  ];
  return entries.map((entry, index) => technical(seed, index, entry));
}
