import { type Policy, type RuleSettings, versionPolicy } from "../domain/policy.js";
import type { Severity } from "../domain/violation.js";

const rule = (severity: Severity, minConfidence = 0.5): RuleSettings => ({
  enabled: true,
  severity,
  minConfidence,
});

/** The built-in policy until policies become YAML data. */
export const DEFAULT_POLICY: Policy = versionPolicy({
  id: "default",
  rules: {
    LOW_RESOLUTION: rule("HIGH"),
    ASPECT_RATIO: rule("MEDIUM"),
    LETTERBOXING: rule("MEDIUM"),
    BLURRY: rule("MEDIUM"),
    FILE_TOO_LARGE: rule("LOW"),
    UNSUPPORTED_FORMAT: rule("HIGH"),
  },
  technical: {
    minWidth: 600,
    minHeight: 900,
    aspectRatio: { width: 2, height: 3, tolerance: 0.05 },
    maxBytes: 10 * 1024 * 1024,
    formats: ["jpeg", "png", "webp"],
    letterboxMinBandFraction: 0.04,
    blurMinLaplacianVariance: 200,
    blurMaxDetailRatio: 0.25,
  },
});
