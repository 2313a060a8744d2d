import type { ArtworkRules, Policy, TechnicalLimits } from "../../domain/policy.js";
import type { Box, Violation, ViolationCode } from "../../domain/violation.js";
import type { ImageMetrics } from "../detectors/image-metrics.js";
import { type Finding, judgeWithRules, type Rule, type RuleFamily } from "./rule.js";

/** The codes the technical rules own, judged from what the metrics pass measured. */
export const TECHNICAL_CODES = [
  "LOW_RESOLUTION",
  "ASPECT_RATIO",
  "LETTERBOXING",
  "BLURRY",
  "FILE_TOO_LARGE",
  "UNSUPPORTED_FORMAT",
  "OVERSIZED",
  "COLOR_SPACE",
  "NO_TRANSPARENCY",
] as const satisfies readonly ViolationCode[];

type TechnicalCode = (typeof TECHNICAL_CODES)[number];

/** A rule that finds at most one thing: the measurement against the policy's limit. */
function technicalRule(
  code: TechnicalCode,
  find: (metrics: ImageMetrics, policy: Policy) => Finding | undefined,
): Rule<ImageMetrics> {
  return {
    code,
    judge(metrics, { policy }) {
      const finding = find(metrics, policy);
      return finding ? [finding] : [];
    },
  };
}

const RULES: readonly Rule<ImageMetrics>[] = [
  technicalRule("LOW_RESOLUTION", (m, policy) => lowResolution(m, policy.technical)),
  technicalRule("ASPECT_RATIO", (m, policy) => aspectRatio(m, policy.technical)),
  technicalRule("LETTERBOXING", (m, policy) => letterboxing(m, policy.technical)),
  technicalRule("BLURRY", (m, policy) => blurry(m, policy.technical)),
  technicalRule("FILE_TOO_LARGE", (m, policy) => fileTooLarge(m, policy.technical)),
  technicalRule("UNSUPPORTED_FORMAT", (m, policy) => unsupportedFormat(m, policy.technical)),
  technicalRule("OVERSIZED", (m, policy) => oversized(m, policy.technical)),
  technicalRule("COLOR_SPACE", (m, policy) => colorSpace(m, policy.technical)),
  technicalRule("NO_TRANSPARENCY", (m, policy) => noTransparency(m, policy.artwork)),
];

/** The technical rules: size, shape, bands, sharpness, file and colour limits of the artwork type. */
export const TECHNICAL_RULES: RuleFamily<ImageMetrics> = {
  codes: TECHNICAL_CODES,
  rules: () => RULES,
  prepare: (metrics) => metrics,
};

/** The technical rules of `policy` applied to what the metrics pass measured, as the engine applies them. Pure. */
export function judgeTechnical(metrics: ImageMetrics, policy: Policy, detectorId: string): Violation[] {
  return judgeWithRules(TECHNICAL_RULES, metrics, { policy }, detectorId);
}

function lowResolution(m: ImageMetrics, limits: TechnicalLimits): Finding | undefined {
  if (m.width >= limits.minWidth && m.height >= limits.minHeight) return undefined;
  return {
    code: "LOW_RESOLUTION",
    confidence: 1,
    message: `the poster is ${m.width}×${m.height} pixels; at least ${limits.minWidth}×${limits.minHeight} is required`,
    evidence: {
      measured: { width: m.width, height: m.height },
      limit: { minWidth: limits.minWidth, minHeight: limits.minHeight },
    },
  };
}

function aspectRatio(m: ImageMetrics, limits: TechnicalLimits): Finding | undefined {
  const actual = m.width / m.height;
  const deviations = limits.aspectRatios.map((r) => Math.abs(actual / (r.width / r.height) - 1));
  const deviation = Math.min(...deviations);
  if (deviation <= limits.aspectRatioTolerance) return undefined;
  const measured = ratioLabel(m.width, m.height);
  const wanted = limits.aspectRatios.map((r) => ratioLabel(r.width, r.height));
  return {
    code: "ASPECT_RATIO",
    confidence: 1,
    message:
      `the aspect ratio is ${measured}; expected ${wanted.join(" or ")} within ${percent(limits.aspectRatioTolerance)} ` +
      `(it is ${percent(deviation)} off)`,
    evidence: {
      measured: { ratio: measured, width: m.width, height: m.height, deviation: round(deviation, 4) },
      limit: { ratio: wanted.join(" or "), tolerance: limits.aspectRatioTolerance },
    },
  };
}

function oversized(m: ImageMetrics, limits: TechnicalLimits): Finding | undefined {
  if (m.width <= limits.maxWidth && m.height <= limits.maxHeight) return undefined;
  return {
    code: "OVERSIZED",
    confidence: 1,
    message: `the image is ${m.width}×${m.height} pixels; no side may exceed ${limits.maxWidth}×${limits.maxHeight}`,
    evidence: {
      measured: { width: m.width, height: m.height },
      limit: { maxWidth: limits.maxWidth, maxHeight: limits.maxHeight },
    },
  };
}

function colorSpace(m: ImageMetrics, limits: TechnicalLimits): Finding | undefined {
  if (limits.colorSpaces.includes(m.space)) return undefined;
  return {
    code: "COLOR_SPACE",
    confidence: 1,
    message: `the image's colour space is ${m.space.toUpperCase()}; accepted: ${limits.colorSpaces.join(", ")}`,
    evidence: { measured: { space: m.space }, limit: { colorSpaces: [...limits.colorSpaces] } },
  };
}

/** Title art must be cut out: an alpha channel that actually makes part of the image transparent. */
const MIN_TRANSPARENT_SHARE = 0.02;

function noTransparency(m: ImageMetrics, artwork: ArtworkRules): Finding | undefined {
  if (!artwork.transparencyRequired) return undefined;
  if (m.hasAlpha && m.transparentShare >= MIN_TRANSPARENT_SHARE) return undefined;
  return {
    code: "NO_TRANSPARENCY",
    confidence: 1,
    message: m.hasAlpha
      ? `the image has an alpha channel but its background is opaque (${percent(m.transparentShare)} transparent)`
      : "the image has no alpha channel; title art needs a transparent background",
    evidence: {
      measured: { hasAlpha: m.hasAlpha, transparentShare: m.transparentShare },
      limit: { minTransparentShare: MIN_TRANSPARENT_SHARE },
    },
  };
}

function letterboxing(m: ImageMetrics, limits: TechnicalLimits): Finding | undefined {
  // Transparent margins (title art) are flattened for measuring and would read as borders.
  if (m.transparentShare > 0) return undefined;
  const { top, bottom, left, right } = m.bands;
  const minShare = limits.letterboxMinBandFraction;
  const rowShare = Math.min(top, bottom) / m.height;
  const columnShare = Math.min(left, right) / m.width;
  const rows = rowShare >= minShare && rowShare > 0;
  const columns = columnShare >= minShare && columnShare > 0;
  if (!rows && !columns) return undefined;
  const boxes: Box[] = [];
  const parts: string[] = [];
  if (rows) {
    boxes.push(
      { x: 0, y: 0, width: m.width, height: top },
      { x: 0, y: m.height - bottom, width: m.width, height: bottom },
    );
    parts.push(
      `${top} px at the top and ${bottom} px at the bottom (${bandShares(top, bottom, m.height)} of the height)`,
    );
  }
  if (columns) {
    const y = rows ? top : 0;
    const height = rows ? m.height - top - bottom : m.height;
    boxes.push({ x: 0, y, width: left, height }, { x: m.width - right, y, width: right, height });
    parts.push(
      `${left} px on the left and ${right} px on the right (${bandShares(left, right, m.width)} of the width)`,
    );
  }
  const kind = rows && columns ? "a border" : rows ? "letterboxing" : "pillarboxing";
  const share = Math.max(rows ? rowShare : 0, columns ? columnShare : 0);
  return {
    code: "LETTERBOXING",
    confidence: confidenceBeyond(share / minShare, 1),
    message: `the poster has flat bands of ${parts.join(" and ")}: ${kind}`,
    evidence: {
      measured: { top, bottom, left, right, bandShare: round(share, 4) },
      limit: { minBandFraction: minShare },
      boxes,
    },
  };
}

function blurry(m: ImageMetrics, limits: TechnicalLimits): Finding | undefined {
  const variance = m.laplacianVariance;
  const minVariance = limits.blurMinLaplacianVariance;
  if (variance >= minVariance || m.coarseLaplacianVariance <= 0) return undefined;
  const detailRatio = variance / m.coarseLaplacianVariance;
  if (detailRatio >= limits.blurMaxDetailRatio) return undefined;
  return {
    code: "BLURRY",
    confidence: confidenceBeyond(minVariance / Math.max(variance, Number.MIN_VALUE), 3),
    message:
      `the poster looks blurry: its sharpness (variance of the Laplacian) is ${round(variance, 1)}, ` +
      `below the minimum of ${minVariance}, and its finest detail is ${round(detailRatio, 2)} ` +
      `of the next coarser scale's`,
    evidence: {
      measured: { laplacianVariance: variance, detailRatio: round(detailRatio, 3) },
      limit: { blurMinLaplacianVariance: minVariance, maxDetailRatio: limits.blurMaxDetailRatio },
    },
  };
}

function fileTooLarge(m: ImageMetrics, limits: TechnicalLimits): Finding | undefined {
  if (m.bytes <= limits.maxBytes) return undefined;
  return {
    code: "FILE_TOO_LARGE",
    confidence: 1,
    message: `the file is ${megabytes(m.bytes)}; the limit is ${megabytes(limits.maxBytes)}`,
    evidence: { measured: { bytes: m.bytes }, limit: { maxBytes: limits.maxBytes } },
  };
}

function unsupportedFormat(m: ImageMetrics, limits: TechnicalLimits): Finding | undefined {
  if ((limits.formats as string[]).includes(m.format)) return undefined;
  return {
    code: "UNSUPPORTED_FORMAT",
    confidence: 1,
    message: `the poster's format is ${formatName(m.format)}; accepted formats are ${limits.formats.map(formatName).join(", ")}`,
    evidence: { measured: { format: m.format }, limit: { formats: [...limits.formats] } },
  };
}

/**
 * 0.5 at the limit, rising to 1 when the measurement is `doublings` times twice as far past it:
 * anything past the limit passes the usual minimum confidence of 0.5, clear cases reach 1.
 */
function confidenceBeyond(timesPastLimit: number, doublings: number): number {
  const progress = Math.min(1, Math.max(0, Math.log2(timesPastLimit) / doublings));
  return round(0.5 + 0.5 * progress, 3);
}

function formatName(format: string): string {
  return format === "webp" ? "WebP" : format.toUpperCase();
}

/** "1.500 (3:2)"; "1.594 (≈ 8:5)" when the exact ratio has unwieldy terms. */
export function ratioLabel(width: number, height: number): string {
  const value = width / height;
  if (!Number.isInteger(width) || !Number.isInteger(height)) {
    const near = nearestSimpleRatio(value);
    return near ? `${value.toFixed(3)} (≈ ${near[0]}:${near[1]})` : value.toFixed(3);
  }
  const divisor = gcd(width, height);
  const [w, h] = [width / divisor, height / divisor];
  if (w <= 32 && h <= 32) return `${value.toFixed(3)} (${w}:${h})`;
  const near = nearestSimpleRatio(value);
  if (near) return `${value.toFixed(3)} (≈ ${near[0]}:${near[1]})`;
  return `${value.toFixed(3)} (${w}:${h})`;
}

function nearestSimpleRatio(value: number): [number, number] | undefined {
  for (let h = 1; h <= 16; h++) {
    const w = Math.round(value * h);
    if (w > 0 && Math.abs(w / h / value - 1) <= 0.01) return [w, h];
  }
  return undefined;
}

function gcd(a: number, b: number): number {
  let [x, y] = [Math.abs(Math.round(a)), Math.abs(Math.round(b))];
  while (y) [x, y] = [y, x % y];
  return x || 1;
}

function bandShares(a: number, b: number, side: number): string {
  return `${percent(a / side)} and ${percent(b / side)}`;
}

function percent(share: number): string {
  return `${round(share * 100, 1)} %`;
}

function megabytes(bytes: number): string {
  return `${round(bytes / (1024 * 1024), 2)} MB`;
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
