export const SEVERITIES = ["LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const VIOLATION_CODES = [
  "NUDITY",
  "SUGGESTIVE",
  "VIOLENCE",
  "WEAPONS",
  "DRUGS_ALCOHOL",
  "HATE_SYMBOLS",
  "PROFANITY",
  "URL_OR_CONTACT",
  "PRICE_OR_PROMO",
  "COMPETITOR_BRAND",
  "AVAILABILITY_DATE",
  "EXCESSIVE_TEXT",
  "LOW_RESOLUTION",
  "ASPECT_RATIO",
  "LETTERBOXING",
  "BLURRY",
  "FILE_TOO_LARGE",
  "UNSUPPORTED_FORMAT",
  "TITLE_MISSING",
  "TEXT_ON_TEXTLESS_ART",
  "TEXT_IN_SAFE_ZONE",
  "CREDITS_BLOCK",
  "CRITIC_QUOTE",
  "AWARD_REFERENCE",
  "FORMAT_CALLOUT",
  "COLOR_SPACE",
  "OVERSIZED",
  "NO_TRANSPARENCY",
  "LOGO_OR_WATERMARK",
] as const;
export type ViolationCode = (typeof VIOLATION_CODES)[number];

/** A box in image pixels, origin top-left. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Evidence {
  /** What was measured, e.g. `{ width: 640 }` or `{ variance: 12.3 }`. */
  measured?: Record<string, number | string | boolean>;
  /** The limit the measurement was compared with. */
  limit?: Record<string, number | string | boolean | string[]>;
  boxes?: Box[];
  text?: string;
}

export interface Violation {
  code: ViolationCode;
  severity: Severity;
  confidence: number;
  message: string;
  detector: string;
  /** Other detectors that raised the same code, when findings were merged. */
  corroboratedBy?: string[];
  evidence?: Evidence;
}
