import type { ViolationCode } from "../../src/domain/violation.js";
import type { EvalCase } from "./eval-case.js";
import { type PosterCaseSpec, posterCase } from "./poster-case.js";
import type { BackgroundKind, LayoutItem } from "./poster-layout.js";
import { SPEC_VIOLATIONS, type SpecWordingCode, TAGLINES, TITLES, YEARS } from "./vocabulary.js";

const KINDS: readonly BackgroundKind[] = ["photo", "gradient", "photo", "flat"];
const PRIME_SLOTS = ["upper", "middle", "lower"] as const;

const slug = (code: string) => code.toLowerCase().replaceAll("_", "-");

/** Credits sit low on a poster in small type; the other wording anywhere, at claim size. */
function wordingItem(code: SpecWordingCode, lines: readonly string[], prime: boolean): LayoutItem {
  if (code !== "CREDITS_BLOCK") return { lines, role: "claim" };
  const low = prime ? "lower" : "bottom";
  return lines.length >= 3
    ? {
        lines,
        role: "small",
        slot: low,
        font: { family: "DejaVu Sans Condensed", weight: "normal" },
        align: "center",
      }
    : { lines, role: "tagline", slot: low };
}

/** Variants 0–5 generic, 6 apple-tv (title required), 7 prime-video at 2000×3000 (safe zones). */
function wordingCase(seed: number, code: SpecWordingCode, codeIndex: number, variant: number): EvalCase {
  const lines = SPEC_VIOLATIONS[code][variant] as readonly string[];
  const policy = variant === 6 ? "apple-tv" : variant === 7 ? "prime-video" : "generic";
  const prime = policy === "prime-video";
  const title = TITLES[(codeIndex * 5 + variant + 1) % TITLES.length] as string;
  const items: LayoutItem[] = [{ lines: [title], role: "title" }, wordingItem(code, lines, prime)];
  if (variant % 2 === 1)
    items.push({ lines: [TAGLINES[(codeIndex + variant) % TAGLINES.length] as string], role: "tagline" });
  return posterCase(seed, {
    id: `spec-${slug(code)}-${variant}`,
    group: "spec",
    summary: `${code}: "${lines.join(" / ")}" on a poster titled "${title}"`,
    expected: [code],
    inSubset: variant === 0 || variant === 3,
    policy,
    title,
    width: prime ? 2000 : 1000,
    height: prime ? 3000 : 1500,
    items,
    ...(prime ? { slots: PRIME_SLOTS } : {}),
    background: KINDS[variant % KINDS.length],
  });
}

type SpecEntry = Omit<PosterCaseSpec, "group" | "expected" | "background"> & {
  background?: PosterCaseSpec["background"];
};

function specCase(seed: number, code: ViolationCode, index: number, entry: SpecEntry): EvalCase {
  return posterCase(seed, {
    group: "spec",
    expected: [code],
    background: KINDS[index % KINDS.length],
    ...entry,
  });
}

const tagline = (index: number): LayoutItem => ({
  lines: [TAGLINES[index % TAGLINES.length] as string],
  role: "tagline",
});

/** The catalog names a title that the art does not show. */
function titleMissingCases(seed: number): EvalCase[] {
  const entries: SpecEntry[] = [
    {
      id: "spec-title-missing-0",
      summary: "TITLE_MISSING under apple-tv: tagline and year, no title",
      policy: "apple-tv",
      title: "THE LAST HARBOR",
      width: 1000,
      height: 1500,
      items: [tagline(0), { lines: ["2024"], role: "year" }],
      inSubset: true,
    },
    {
      id: "spec-title-missing-1",
      summary: 'TITLE_MISSING under apple-tv: the art shows "MIDNIGHT LANE", the catalog says "IRON VALLEY"',
      policy: "apple-tv",
      title: "IRON VALLEY",
      width: 1000,
      height: 1500,
      items: [{ lines: ["MIDNIGHT LANE"], role: "title" }, tagline(2)],
    },
    {
      id: "spec-title-missing-2",
      summary: "TITLE_MISSING under prime-video: a tagline only",
      policy: "prime-video",
      title: "Northern Lights",
      width: 2000,
      height: 3000,
      slots: PRIME_SLOTS,
      items: [tagline(3)],
      inSubset: true,
    },
    {
      id: "spec-title-missing-3",
      summary: "TITLE_MISSING under prime-video: cover art with a tagline only",
      policy: "prime-video",
      artworkType: "cover",
      title: "HOLLOW PINES",
      width: 1920,
      height: 1080,
      slots: ["middle", "lower"],
      items: [tagline(6)],
    },
    {
      id: "spec-title-missing-4",
      summary: "TITLE_MISSING under apple-tv: box art with another title",
      policy: "apple-tv",
      artworkType: "box-art",
      title: "The Salt House",
      width: 1200,
      height: 1600,
      items: [{ lines: ["PAPER KINGDOMS"], role: "title" }, tagline(8)],
    },
    {
      id: "spec-title-missing-5",
      summary: "TITLE_MISSING under apple-tv: two taglines",
      policy: "apple-tv",
      title: "Ember Road",
      width: 1000,
      height: 1500,
      items: [tagline(4), tagline(11)],
    },
  ];
  return entries.map((entry, index) => specCase(seed, "TITLE_MISSING", index, entry));
}

/** Hero and episodic art must be textless. */
function textlessArtCases(seed: number): EvalCase[] {
  const entries: SpecEntry[] = [
    {
      id: "spec-text-on-textless-art-0",
      summary: "TEXT_ON_TEXTLESS_ART: the title on generic hero art",
      policy: "generic",
      artworkType: "hero",
      title: "RED HORIZON",
      width: 1920,
      height: 1080,
      items: [{ lines: ["RED HORIZON"], role: "title" }],
      inSubset: true,
    },
    {
      id: "spec-text-on-textless-art-1",
      summary: "TEXT_ON_TEXTLESS_ART: an episode caption on generic episodic art",
      policy: "generic",
      artworkType: "episodic",
      title: "STONE RIVER",
      width: 1920,
      height: 1080,
      items: [{ lines: ["EPISODE FOUR"], role: "tagline" }],
    },
    {
      id: "spec-text-on-textless-art-2",
      summary: "TEXT_ON_TEXTLESS_ART: the title on prime-video hero art",
      policy: "prime-video",
      artworkType: "hero",
      title: "WILD COAST",
      width: 1920,
      height: 1080,
      items: [{ lines: ["WILD COAST"], role: "title" }],
      inSubset: true,
    },
    {
      id: "spec-text-on-textless-art-3",
      summary: "TEXT_ON_TEXTLESS_ART: a tagline on generic hero art",
      policy: "generic",
      artworkType: "hero",
      title: "DARK WATERS",
      width: 1920,
      height: 1080,
      items: [tagline(1)],
    },
    {
      id: "spec-text-on-textless-art-4",
      summary: "TEXT_ON_TEXTLESS_ART: title and tagline on apple-tv hero art",
      policy: "apple-tv",
      artworkType: "hero",
      title: "The Long Winter",
      width: 1920,
      height: 1080,
      items: [{ lines: ["The Long Winter"], role: "title" }, tagline(5)],
    },
    {
      id: "spec-text-on-textless-art-5",
      summary: "TEXT_ON_TEXTLESS_ART: the title on prime-video episodic art",
      policy: "prime-video",
      artworkType: "episodic",
      title: "SILVER CREEK",
      width: 1920,
      height: 1080,
      items: [{ lines: ["SILVER CREEK"], role: "title" }],
    },
  ];
  return entries.map((entry, index) => specCase(seed, "TEXT_ON_TEXTLESS_ART", index, entry));
}

/** Prime Video keeps regions free for its interface: top and bottom 8 % of posters, a badge corner. */
function safeZoneCases(seed: number): EvalCase[] {
  const title = (text: string, slot: "middle" | "upper" = "middle"): LayoutItem => ({
    lines: [text],
    role: "title",
    slot,
  });
  const entries: (Omit<SpecEntry, "policy" | "width" | "height"> & Partial<SpecEntry>)[] = [
    {
      id: "spec-text-in-safe-zone-0",
      summary: "TEXT_IN_SAFE_ZONE: a tagline in the top 240 px of a prime-video poster",
      title: "IRON VALLEY",
      items: [title("IRON VALLEY"), { ...tagline(0), top: 0.015 }],
      inSubset: true,
    },
    {
      id: "spec-text-in-safe-zone-1",
      summary: "TEXT_IN_SAFE_ZONE: a tagline in the bottom 240 px",
      title: "The Glass Garden",
      items: [title("The Glass Garden"), { ...tagline(7), top: 0.935 }],
    },
    {
      id: "spec-text-in-safe-zone-2",
      summary: "TEXT_IN_SAFE_ZONE: the title itself at the very top",
      title: "MIDNIGHT LANE",
      items: [{ lines: ["MIDNIGHT LANE"], role: "title", top: 0.005, size: 150 }, tagline(9)],
    },
    {
      id: "spec-text-in-safe-zone-3",
      summary: "TEXT_IN_SAFE_ZONE: a tagline in the top 160 px of prime-video cover art",
      artworkType: "cover",
      width: 1920,
      height: 1080,
      title: "Paper Kingdoms",
      items: [title("Paper Kingdoms"), { ...tagline(10), top: 0.02 }],
      inSubset: true,
    },
    {
      id: "spec-text-in-safe-zone-4",
      summary: "TEXT_IN_SAFE_ZONE: a label in the top-left badge corner of prime-video box art",
      artworkType: "box-art",
      width: 1200,
      height: 1600,
      title: "HOLLOW PINES",
      items: [
        title("HOLLOW PINES"),
        { lines: ["NEW SEASON"], role: "tagline", top: 0.015, align: "left", size: 44 },
      ],
    },
    {
      id: "spec-text-in-safe-zone-5",
      summary: "TEXT_IN_SAFE_ZONE: the year, right-aligned in the bottom 240 px",
      title: "Ember Road",
      items: [
        title("Ember Road", "upper"),
        tagline(2),
        { lines: [`IN MEMORY OF ${YEARS[1]}`], role: "tagline", top: 0.94, align: "right" },
      ],
    },
  ];
  return entries.map((entry, index) =>
    specCase(seed, "TEXT_IN_SAFE_ZONE", index, {
      policy: "prime-video",
      width: 2000,
      height: 3000,
      slots: PRIME_SLOTS,
      ...entry,
    }),
  );
}

/** Each platform-spec text code: wording (credits, quotes, awards, formats), title, textless art, safe zones. */
export function specCases(seed: number): EvalCase[] {
  const cases: EvalCase[] = [];
  (Object.keys(SPEC_VIOLATIONS) as SpecWordingCode[]).forEach((code, codeIndex) => {
    SPEC_VIOLATIONS[code].forEach((_, variant) => {
      cases.push(wordingCase(seed, code, codeIndex, variant));
    });
  });
  cases.push(...titleMissingCases(seed), ...textlessArtCases(seed), ...safeZoneCases(seed));
  return cases;
}
