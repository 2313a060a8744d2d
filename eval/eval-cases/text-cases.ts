import type { ViolationCode } from "../../src/domain/violation.js";
import type { EvalCase } from "./eval-case.js";
import { posterCase } from "./poster-case.js";
import type { BackgroundKind, LayoutItem } from "./poster-layout.js";
import { SYNOPSIS_LINES, TAGLINES, TEXT_VIOLATIONS, TITLES, YEARS } from "./vocabulary.js";

const KINDS: readonly BackgroundKind[] = ["photo", "gradient", "photo", "flat", "photo"];
const SUBSET_VARIANTS = new Set([0, 5]);

interface Presentation {
  policy: string;
  artworkType?: string;
  width: number;
  height: number;
  /** Prime Video keeps its top and bottom 8 % free: text stays in the middle slots there. */
  middleOnly: boolean;
}

/** Variant 7 is judged under apple-tv, 8 under prime-video at its 2000×3000, 9 as generic box art. */
function presentationOf(variant: number): Presentation {
  if (variant === 7) return { policy: "apple-tv", width: 1000, height: 1500, middleOnly: false };
  if (variant === 8) return { policy: "prime-video", width: 2000, height: 3000, middleOnly: true };
  if (variant === 9)
    return { policy: "generic", artworkType: "box-art", width: 1200, height: 1600, middleOnly: false };
  return { policy: "generic", width: 1000, height: 1500, middleOnly: false };
}

function claimCase(seed: number, code: ViolationCode, codeIndex: number, variant: number, claim: string) {
  const shown = presentationOf(variant);
  const title = TITLES[(codeIndex * 3 + variant) % TITLES.length] as string;
  const items: LayoutItem[] = [
    { lines: [title], role: "title" },
    { lines: [claim], role: "claim" },
  ];
  if (variant % 2 === 0)
    items.push({ lines: [TAGLINES[(codeIndex + variant) % TAGLINES.length] as string], role: "tagline" });
  if (variant % 3 === 0 && !shown.middleOnly)
    items.push({ lines: [YEARS[variant % YEARS.length] as string], role: "year" });
  return posterCase(seed, {
    id: `text-${code.toLowerCase().replaceAll("_", "-")}-${variant}`,
    group: "text",
    summary: `${code}: "${claim}" on a poster titled "${title}"`,
    expected: [code],
    inSubset: SUBSET_VARIANTS.has(variant),
    policy: shown.policy,
    ...(shown.artworkType ? { artworkType: shown.artworkType } : {}),
    title,
    width: shown.width,
    height: shown.height,
    items,
    ...(shown.middleOnly ? { slots: ["upper", "middle", "lower"] as const } : {}),
    background: KINDS[variant % KINDS.length],
  });
}

function excessiveTextCase(seed: number, variant: number): EvalCase {
  const title = TITLES[(variant * 5 + 2) % TITLES.length] as string;
  const start = variant % SYNOPSIS_LINES.length;
  const words = Array.from(
    { length: 6 },
    (_, k) => SYNOPSIS_LINES[(start + k) % SYNOPSIS_LINES.length] as string,
  );
  const items: LayoutItem[] = [
    { lines: [title], role: "title", top: 0.02 },
    ...words.map((word, k): LayoutItem => ({ lines: [word], role: "huge", top: 0.15 + k * 0.135 })),
  ];
  return posterCase(seed, {
    id: `text-excessive-text-${variant}`,
    group: "text",
    summary: `EXCESSIVE_TEXT: six huge lines of words under the title "${title}"`,
    expected: ["EXCESSIVE_TEXT"],
    inSubset: SUBSET_VARIANTS.has(variant),
    policy: "generic",
    title,
    width: 1000,
    height: 1500,
    items,
    background: KINDS[variant % KINDS.length],
  });
}

const COMBOS: readonly { claims: [string, string]; codes: [ViolationCode, ViolationCode] }[] = [
  { claims: ["ONLY $4.99", "WWW.STONERIVER.COM"], codes: ["PRICE_OR_PROMO", "URL_OR_CONTACT"] },
  { claims: ["NOW STREAMING", "ONLY ON NETFLIX"], codes: ["AVAILABILITY_DATE", "COMPETITOR_BRAND"] },
  { claims: ["KICK ASS", "50% OFF"], codes: ["PROFANITY", "PRICE_OR_PROMO"] },
  { claims: ["COMING SOON", "emberroad.com"], codes: ["AVAILABILITY_DATE", "URL_OR_CONTACT"] },
  { claims: ["A HULU ORIGINAL", "FREE TRIAL"], codes: ["COMPETITOR_BRAND", "PRICE_OR_PROMO"] },
  { claims: ["PISSED OFF", "OUT NOW"], codes: ["PROFANITY", "AVAILABILITY_DATE"] },
];

function comboCase(seed: number, index: number): EvalCase {
  const combo = COMBOS[index] as (typeof COMBOS)[number];
  const title = TITLES[(index * 7 + 1) % TITLES.length] as string;
  return posterCase(seed, {
    id: `text-combo-${index}`,
    group: "text",
    summary: `${combo.codes.join(" + ")}: "${combo.claims.join('" and "')}" on a poster titled "${title}"`,
    expected: [...combo.codes],
    policy: "generic",
    title,
    width: 1000,
    height: 1500,
    items: [
      { lines: [title], role: "title" },
      { lines: [combo.claims[0]], role: "claim" },
      { lines: [combo.claims[1]], role: "claim" },
    ],
    background: KINDS[(index + 2) % KINDS.length],
  });
}

/** Apple TV's policy bans Apple's own marks on partner art: a banned term of the preset. */
function appleMarkCase(seed: number): EvalCase {
  const title = "SILVER CREEK";
  return posterCase(seed, {
    id: "text-competitor-brand-apple-mark",
    group: "text",
    summary: `COMPETITOR_BRAND under apple-tv: "AN APPLE ORIGINAL FILM" (a banned term of the preset)`,
    expected: ["COMPETITOR_BRAND"],
    policy: "apple-tv",
    title,
    width: 1000,
    height: 1500,
    items: [
      { lines: [title], role: "title" },
      { lines: ["AN APPLE ORIGINAL FILM"], role: "claim" },
    ],
    background: "gradient",
  });
}

/** Each text code in ten variants (fonts, sizes, colours, positions, backgrounds, presets), plus pairs. */
export function textCases(seed: number): EvalCase[] {
  const cases: EvalCase[] = [];
  Object.entries(TEXT_VIOLATIONS).forEach(([code, claims], codeIndex) => {
    claims.forEach((claim, variant) => {
      cases.push(claimCase(seed, code as ViolationCode, codeIndex, variant, claim));
    });
  });
  for (let variant = 0; variant < 8; variant++) cases.push(excessiveTextCase(seed, variant));
  COMBOS.forEach((_, index) => {
    cases.push(comboCase(seed, index));
  });
  cases.push(appleMarkCase(seed));
  return cases;
}
