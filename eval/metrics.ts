import type { ViolationCode } from "../src/domain/violation.js";

/** What one image was expected to raise and what the engine raised (each a set of codes). */
export interface ImageCodes {
  expected: readonly ViolationCode[];
  raised: readonly ViolationCode[];
}

export interface CodeMetrics {
  code: ViolationCode;
  /** Images expected to raise the code. */
  support: number;
  /** Images the engine raised it on. */
  raised: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** Share of raises that were expected; null when the code was never raised. */
  precision: number | null;
  /** Share of expected raises that happened; null when no image expects the code. */
  recall: number | null;
}

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

export type Counts = Omit<CodeMetrics, "code">;

function countsOf(truePositives: number, falsePositives: number, falseNegatives: number): Counts {
  return {
    support: truePositives + falseNegatives,
    raised: truePositives + falsePositives,
    truePositives,
    falsePositives,
    falseNegatives,
    precision: ratio(truePositives, truePositives + falsePositives),
    recall: ratio(truePositives, truePositives + falseNegatives),
  };
}

/**
 * Per-code precision and recall over images, each image counting at most once per code.
 * `codes` fixes which codes are reported (in that order); by default every code expected or
 * raised anywhere, sorted.
 */
export function perCodeMetrics(
  images: readonly ImageCodes[],
  codes?: readonly ViolationCode[],
): CodeMetrics[] {
  const reported =
    codes ?? [...new Set(images.flatMap((image) => [...image.expected, ...image.raised]))].sort();
  return reported.map((code) => {
    let [tp, fp, fn] = [0, 0, 0];
    for (const image of images) {
      const expected = image.expected.includes(code);
      const raised = image.raised.includes(code);
      if (expected && raised) tp++;
      else if (raised) fp++;
      else if (expected) fn++;
    }
    return { code, ...countsOf(tp, fp, fn) };
  });
}

/** All codes pooled (micro average): every (image, code) decision counts once. */
export function pooledMetrics(perCode: readonly CodeMetrics[]): Counts {
  const sum = (pick: (m: CodeMetrics) => number) => perCode.reduce((total, m) => total + pick(m), 0);
  return countsOf(
    sum((m) => m.truePositives),
    sum((m) => m.falsePositives),
    sum((m) => m.falseNegatives),
  );
}

export interface Bar {
  minPrecision: number;
  minRecall: number;
}

/**
 * Why a code misses its bar, or undefined when it meets it. A code never raised has no false
 * positive (precision passes); a code no image expects has nothing to miss (recall passes).
 */
export function barMiss(metrics: CodeMetrics, bar: Bar): string | undefined {
  const problems: string[] = [];
  if (metrics.precision !== null && metrics.precision < bar.minPrecision) {
    problems.push(
      `precision ${metrics.precision.toFixed(3)} < ${bar.minPrecision} (${metrics.falsePositives} false positives)`,
    );
  }
  if (metrics.recall !== null && metrics.recall < bar.minRecall) {
    problems.push(
      `recall ${metrics.recall.toFixed(3)} < ${bar.minRecall} (${metrics.falseNegatives} missed)`,
    );
  }
  return problems.length > 0 ? `${metrics.code}: ${problems.join(", ")}` : undefined;
}
