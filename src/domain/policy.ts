import { createHash } from "node:crypto";
import type { ImageFormat } from "./poster-key.js";
import type { Box, Severity, ViolationCode } from "./violation.js";

export interface RuleSettings {
  enabled: boolean;
  severity: Severity;
  /** A finding below this confidence is not a violation. */
  minConfidence: number;
}

export interface AspectRatio {
  width: number;
  height: number;
}

export interface TechnicalLimits {
  minWidth: number;
  minHeight: number;
  /** Any side above this is OVERSIZED. */
  maxWidth: number;
  maxHeight: number;
  /** Accepted width:height ratios (box art takes 3:4 or 4:3) and the relative deviation allowed. */
  aspectRatios: AspectRatio[];
  aspectRatioTolerance: number;
  maxBytes: number;
  formats: ImageFormat[];
  /** sharp colour spaces accepted, e.g. ["srgb", "rgb"]. */
  colorSpaces: string[];
  /** A uniform band on two opposite sides at least this share of the side is letterboxing. */
  letterboxMinBandFraction: number;
  /** Variance of the Laplacian (at the detector's working size) below which a poster may be blurry… */
  blurMinLaplacianVariance: number;
  /** …when its fine detail is also below this share of the detail one scale coarser. */
  blurMaxDetailRatio: number;
}

/** A region, as fractions of the image (so it scales), where text must not sit. */
export interface SafeZone {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ArtworkRules {
  /** Hero and episodic art are textless. */
  textAllowed: boolean;
  /** The known title must be readable on the art. */
  titleRequired: boolean;
  /** Title art must have a transparent background. */
  transparencyRequired: boolean;
  safeZones: SafeZone[];
}

export interface BannedTerm {
  term: string;
  code: ViolationCode;
}

export interface TextPolicy {
  ownBrands: string[];
  competitorBrands: string[];
  bannedTerms: BannedTerm[];
  allowedTerms: string[];
  /** EXCESSIVE_TEXT above this share of the image covered by text (the title's own lettering aside). */
  maxTextAreaFraction: number;
  /** False where the spec bans social media on the art: a hashtag is then URL_OR_CONTACT (absent: allowed). */
  hashtagsAllowed?: boolean;
}

/** How findings of one code from several detectors become one violation. */
export interface MergeSettings {
  /** `max`: the most confident detector decides; `agreement`: at least `minDetectors` must raise it. */
  strategy: "max" | "agreement";
  minDetectors: number;
}

/** Everything a verdict depends on, for one platform and artwork type. */
export interface PolicyContent {
  id: string;
  preset: string;
  platform?: string;
  artworkType: string;
  rules: Partial<Record<ViolationCode, RuleSettings>>;
  merge: MergeSettings;
  technical: TechnicalLimits;
  artwork: ArtworkRules;
  text: TextPolicy;
}

export interface Policy extends PolicyContent {
  /** Changes whenever the content changes: a hash of it. */
  version: string;
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * The version hashes what a verdict depends on, not which platform asked: two platforms whose
 * effective rules are the same share verdicts (and the cache).
 */
export function versionPolicy(content: PolicyContent): Policy {
  const { platform: _platform, ...judged } = content;
  const digest = createHash("sha256").update(canonicalJson(judged)).digest("hex");
  return { ...content, version: digest.slice(0, 16) };
}

export function ruleFor(policy: Pick<Policy, "rules">, code: ViolationCode): RuleSettings {
  return policy.rules[code] ?? { enabled: false, severity: "LOW", minConfidence: 1 };
}

/** A safe zone in image pixels. */
export function zoneBox(zone: SafeZone, width: number, height: number): Box {
  return {
    x: Math.round(zone.x * width),
    y: Math.round(zone.y * height),
    width: Math.round(zone.width * width),
    height: Math.round(zone.height * height),
  };
}
