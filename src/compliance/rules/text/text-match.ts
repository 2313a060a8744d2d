/** How closely a match follows its term; multiplies the OCR confidence. */
export const MATCH_QUALITY = {
  exact: 1,
  /** Equal after normalising case, confusable characters, masks, spacing or repeated letters. */
  normalised: 0.95,
  /** One edit away. */
  fuzzy: 0.8,
} as const;

export function qualityName(quality: number): "exact" | "normalised" | "fuzzy" {
  if (quality >= MATCH_QUALITY.exact) return "exact";
  if (quality >= MATCH_QUALITY.normalised) return "normalised";
  return "fuzzy";
}

/** A range of a line's folded text that a rule flagged. */
export interface TextMatch {
  start: number;
  end: number;
  quality: number;
  /** What matched: the word-list entry, or the kind of pattern (`email`, `price`, …). */
  term: string;
}
