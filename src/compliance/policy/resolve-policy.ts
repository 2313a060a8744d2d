import { type Policy, type RuleSettings, versionPolicy } from "../../domain/policy.js";
import type { ViolationCode } from "../../domain/violation.js";
import { DEFAULT_COMPETITOR_BRANDS, platformOwnBrands } from "../rules/text/competitor-brands.js";
import type { PolicyDocument } from "./policy-document.js";
import { UnknownArtworkTypeError } from "./policy-error.js";

/** Presets by name, for platforms that start from one. */
export type PresetLoader = (name: string) => PolicyDocument;

/**
 * The policy that judges a poster of `artworkType` on `platform`: the document (or the preset the
 * platform picks) with the platform's overrides on top, flattened and versioned.
 */
export function resolvePolicy(
  document: PolicyDocument,
  loadPreset: PresetLoader,
  platform: string | undefined,
  artworkType: string | undefined,
): Policy {
  const overrides = platform ? document.platforms[platform] : undefined;
  const base = overrides?.preset ? loadPreset(overrides.preset) : document;
  const type = artworkType ?? base.defaultArtworkType;
  const baseArtwork = base.artworkTypes[type];
  if (!baseArtwork) {
    throw new UnknownArtworkTypeError(
      `artwork type "${type}" is not in policy ${base.id}; it knows ${Object.keys(base.artworkTypes).join(", ")}`,
    );
  }
  const artwork = { ...baseArtwork, ...overrides?.artworkTypes?.[type] };
  const rules: Partial<Record<ViolationCode, RuleSettings>> = { ...base.rules };
  for (const [code, override] of Object.entries(overrides?.rules ?? {})) {
    const known = rules[code as ViolationCode] ?? { enabled: true, severity: "MEDIUM", minConfidence: 0.5 };
    rules[code as ViolationCode] = { ...known, ...override };
  }
  const ownBrands = [
    ...platformOwnBrands(platform),
    ...base.text.ownBrands,
    ...(overrides?.ownBrands ?? []),
    ...(overrides?.displayName ? [overrides.displayName] : []),
  ];
  return versionPolicy({
    id: document.id,
    preset: base.id,
    ...(platform ? { platform } : {}),
    artworkType: type,
    rules,
    merge: base.merge,
    technical: {
      minWidth: artwork.minWidth,
      minHeight: artwork.minHeight,
      maxWidth: artwork.maxWidth,
      maxHeight: artwork.maxHeight,
      aspectRatios: artwork.aspectRatios,
      aspectRatioTolerance: artwork.aspectRatioTolerance,
      maxBytes: artwork.maxBytes,
      formats: artwork.formats,
      colorSpaces: artwork.colorSpaces,
      ...base.image,
    },
    artwork: {
      textAllowed: artwork.textAllowed,
      titleRequired: artwork.titleRequired,
      transparencyRequired: artwork.transparencyRequired,
      safeZones: artwork.safeZones,
    },
    text: {
      ownBrands: [...new Set(ownBrands)],
      competitorBrands: base.text.competitorBrands ?? [...DEFAULT_COMPETITOR_BRANDS],
      bannedTerms: [...base.text.bannedTerms, ...(overrides?.bannedTerms ?? [])],
      allowedTerms: [...base.text.allowedTerms, ...(overrides?.allowedTerms ?? [])],
      maxTextAreaFraction: overrides?.maxTextAreaFraction ?? base.text.maxTextAreaFraction,
      hashtagsAllowed: overrides?.hashtagsAllowed ?? base.text.hashtagsAllowed,
    },
  });
}
