import { createHash } from "node:crypto";
import type { ImageFormat } from "./poster-key.js";
import type { Severity, ViolationCode } from "./violation.js";

export interface RuleSettings {
  enabled: boolean;
  severity: Severity;
  /** A finding below this confidence is not a violation. */
  minConfidence: number;
}

export interface TechnicalLimits {
  minWidth: number;
  minHeight: number;
  /** Expected width:height, e.g. 2:3, and the accepted relative deviation (0.05 = 5 %). */
  aspectRatio: { width: number; height: number; tolerance: number };
  maxBytes: number;
  formats: ImageFormat[];
  /** A uniform band on two opposite sides at least this share of the side is letterboxing. */
  letterboxMinBandFraction: number;
  /** Variance of the Laplacian (at the detector's working size) below which a poster may be blurry… */
  blurMinLaplacianVariance: number;
  /** …when its fine detail is also below this share of the detail one scale coarser. */
  blurMaxDetailRatio: number;
}

export interface PolicyContent {
  id: string;
  rules: Partial<Record<ViolationCode, RuleSettings>>;
  technical: TechnicalLimits;
}

export interface Policy extends PolicyContent {
  /** Changes whenever the content changes: a hash of it. */
  version: string;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function versionPolicy(content: PolicyContent): Policy {
  const digest = createHash("sha256").update(canonicalJson(content)).digest("hex");
  return { ...content, version: digest.slice(0, 16) };
}

export function ruleFor(policy: Policy, code: ViolationCode): RuleSettings {
  return policy.rules[code] ?? { enabled: false, severity: "LOW", minConfidence: 1 };
}
