import { createHash } from "node:crypto";
import type { ViolationCode } from "../../../domain/violation.js";
import type { ContentFinding } from "../../observations/content-observation.js";

/** A moderation label as DetectModerationLabels returns it, checked. */
export interface ModerationLabel {
  Name: string;
  ParentName?: string;
  /** 0..100 */
  Confidence: number;
  TaxonomyLevel?: number;
}

/**
 * Rekognition label names, of the v7 taxonomy and of the older v6 one, and our code for each.
 * A label not listed takes its parent's code; `null` stops that, keeping the label as a score only.
 */
const LABEL_CODES: Record<string, ViolationCode | null> = {
  // v7, top level (L1) then the second level (L2) that a missing parent must not hide
  Explicit: "NUDITY",
  "Explicit Nudity": "NUDITY",
  "Explicit Sexual Activity": "NUDITY",
  "Sex Toys": "NUDITY",
  "Non-Explicit Nudity of Intimate parts and Kissing": "SUGGESTIVE",
  "Non-Explicit Nudity": "SUGGESTIVE",
  "Obstructed Intimate Parts": "SUGGESTIVE",
  // A kiss is ordinary on a romance poster.
  "Kissing on the Lips": null,
  "Swimwear or Underwear": "SUGGESTIVE",
  "Female Swimwear or Underwear": "SUGGESTIVE",
  "Male Swimwear or Underwear": "SUGGESTIVE",
  Violence: "VIOLENCE",
  "Graphic Violence": "VIOLENCE",
  Weapons: "WEAPONS",
  "Visually Disturbing": "VIOLENCE",
  "Death and Emaciation": "VIOLENCE",
  Crashes: "VIOLENCE",
  "Drugs & Tobacco": "DRUGS_ALCOHOL",
  Products: "DRUGS_ALCOHOL",
  "Drugs & Tobacco Paraphernalia & Use": "DRUGS_ALCOHOL",
  Alcohol: "DRUGS_ALCOHOL",
  "Alcohol Use": "DRUGS_ALCOHOL",
  "Alcoholic Beverages": "DRUGS_ALCOHOL",
  // An obscene gesture is profanity without words.
  "Rude Gestures": "PROFANITY",
  "Middle Finger": "PROFANITY",
  Gambling: null,
  "Hate Symbols": "HATE_SYMBOLS",
  "Nazi Party": "HATE_SYMBOLS",
  "White Supremacy": "HATE_SYMBOLS",
  Extremist: "HATE_SYMBOLS",
  // v6 top-level names that v7 dropped ("Explicit Nudity", "Violence", "Visually Disturbing",
  // "Alcohol", "Rude Gestures", "Gambling" and "Hate Symbols" are above)
  Suggestive: "SUGGESTIVE",
  Drugs: "DRUGS_ALCOHOL",
  Tobacco: "DRUGS_ALCOHOL",
};

/** Every code a Rekognition label can map to: what the rekognition detector can raise. */
export const REKOGNITION_CODES: readonly ViolationCode[] = [
  ...new Set(Object.values(LABEL_CODES).filter((code): code is ViolationCode => code !== null)),
];

/** Changes with the table, so observations mapped by an older table are not reused. */
export const REKOGNITION_TAXONOMY_VERSION = `map-${createHash("sha256")
  .update(JSON.stringify(LABEL_CODES))
  .digest("hex")
  .slice(0, 8)}`;

/** Our code for a label, climbing through the parents named in the same answer; undefined when unmapped. */
export function codeOfLabel(name: string, parentOf: ReadonlyMap<string, string>): ViolationCode | undefined {
  let current: string | undefined = name;
  for (let depth = 0; current && depth < 4; depth++) {
    if (current in LABEL_CODES) return LABEL_CODES[current] ?? undefined;
    current = parentOf.get(current);
  }
  return undefined;
}

export interface MappedLabels {
  findings: ContentFinding[];
  /** Every label, mapped or not, by name, 0..1. */
  scores: Record<string, number>;
}

export function mapModerationLabels(labels: readonly ModerationLabel[]): MappedLabels {
  const parentOf = new Map<string, string>();
  for (const label of labels) {
    // v6 repeats a top-level name below itself ("Gambling" under "Gambling").
    if (label.ParentName && label.ParentName !== label.Name) parentOf.set(label.Name, label.ParentName);
  }
  const findings: ContentFinding[] = [];
  const scores: Record<string, number> = {};
  for (const label of labels) {
    const confidence = label.Confidence / 100;
    scores[label.Name] = Math.max(scores[label.Name] ?? 0, confidence);
    const code = codeOfLabel(label.Name, parentOf);
    if (!code) continue;
    findings.push({
      code,
      confidence,
      label: label.Name,
      rationale: `Rekognition moderation label ${lineage(label.Name, parentOf).join(" › ")}${
        label.TaxonomyLevel ? ` (level ${label.TaxonomyLevel})` : ""
      }`,
    });
  }
  return { findings, scores };
}

function lineage(name: string, parentOf: ReadonlyMap<string, string>): string[] {
  const names = [name];
  for (let parent = parentOf.get(name); parent && names.length < 4; parent = parentOf.get(parent)) {
    names.unshift(parent);
  }
  return names;
}
