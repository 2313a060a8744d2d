import type { ContentFinding } from "../../observations/content-observation.js";

/** nsfwjs's five classes, in the order of the model's output. */
export const NSFW_CLASSES = ["Drawing", "Hentai", "Neutral", "Porn", "Sexy"] as const;
export type NsfwClass = (typeof NSFW_CLASSES)[number];
export type NsfwScores = Record<NsfwClass, number>;

/**
 * Both findings, always, whatever their confidence: the policy's minConfidence decides. Explicit
 * photos and explicit drawings are one kind of nudity to us, so their probabilities add up.
 */
export function mapNsfwClasses(scores: NsfwScores): ContentFinding[] {
  return [
    { code: "NUDITY", confidence: clamp01(scores.Porn + scores.Hentai), label: nudityLabel(scores) },
    { code: "SUGGESTIVE", confidence: clamp01(scores.Sexy), label: "Sexy" },
  ];
}

function nudityLabel(scores: NsfwScores): string {
  if (scores.Porn === scores.Hentai) return "Porn+Hentai";
  return scores.Porn > scores.Hentai ? "Porn" : "Hentai";
}

/** Float32 softmax outputs can sum a hair above 1. */
function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
