import type { ViolationCode } from "../../src/domain/violation.js";
import { buildImage, type Encoding, type Frame, type ImageRecipe } from "./build-image.js";
import type { Background } from "./canvas.js";
import type { CaseGroup, EvalCase, JudgedAs } from "./eval-case.js";
import {
  type BackgroundKind,
  describeBackground,
  describeLines,
  type LayoutItem,
  layOut,
  pickBackground,
} from "./poster-layout.js";
import { type Random, seeded } from "./random.js";
import type { Slot } from "./vocabulary.js";

export interface PosterCaseSpec extends JudgedAs {
  id: string;
  group: CaseGroup;
  /** What the image is, in a few words; fonts and background are appended. */
  summary: string;
  expected: ViolationCode[];
  inSubset?: boolean;
  width: number;
  height: number;
  items: readonly LayoutItem[];
  /** Where unplaced items may go. */
  slots?: readonly Slot[];
  background?: Background | BackgroundKind;
  /** Film grain amplitude; 12 by default, so that flat colours are neither bands nor blur. */
  grain?: number;
  grainBlock?: number;
  encoding?: Encoding;
  frame?: Frame;
  blurSigma?: number;
  transparent?: boolean;
}

function framedSize({ width, height, frame }: PosterCaseSpec): string {
  if (!frame) return `${width}×${height}`;
  return `${width + frame.left + frame.right}×${height + frame.top + frame.bottom} (picture ${width}×${height})`;
}

/** A stable number for a string (FNV-1a), so each case draws its own random choices. */
export function hashSeed(seed: number, id: string): number {
  let hash = (2166136261 ^ seed) >>> 0;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return hash;
}

export function caseRandom(seed: number, id: string): Random {
  return seeded(hashSeed(seed, id));
}

/** A poster-like image: text items laid out over a background, then framed, blurred and encoded. */
export function posterCase(seed: number, spec: PosterCaseSpec): EvalCase {
  const random = caseRandom(seed, spec.id);
  const background =
    typeof spec.background === "object" ? spec.background : pickBackground(random, spec.background);
  const lines = layOut(random, spec.width, spec.height, spec.items, spec.slots);
  const recipe: ImageRecipe = {
    canvas: {
      width: spec.width,
      height: spec.height,
      background,
      grain: spec.grain ?? 12,
      ...(spec.grainBlock ? { grainBlock: spec.grainBlock } : {}),
      seed: hashSeed(seed, `${spec.id}/pixels`),
      lines,
    },
    encoding: spec.encoding ?? { format: "jpeg" },
    ...(spec.frame ? { frame: spec.frame } : {}),
    ...(spec.blurSigma ? { blurSigma: spec.blurSigma } : {}),
    ...(spec.transparent ? { transparent: true } : {}),
  };
  const parts = [
    spec.summary,
    `${framedSize(spec)} ${recipe.encoding.format}`,
    spec.transparent ? "transparent" : describeBackground(background),
    lines.length > 0 ? describeLines(lines) : "no text",
  ];
  return {
    id: spec.id,
    group: spec.group,
    description: parts.join(" — "),
    expected: [...spec.expected].sort(),
    realPhoto: !spec.transparent && background.kind === "photo",
    inSubset: spec.inSubset ?? false,
    policy: spec.policy,
    ...(spec.platform ? { platform: spec.platform } : {}),
    ...(spec.artworkType ? { artworkType: spec.artworkType } : {}),
    ...(spec.title ? { title: spec.title } : {}),
    render: () => buildImage(recipe),
  };
}
