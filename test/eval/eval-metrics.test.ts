import { describe, expect, it } from "vitest";
import {
  barMiss,
  type CodeMetrics,
  type ImageCodes,
  perCodeMetrics,
  pooledMetrics,
} from "../../eval/metrics.js";
import type { ViolationCode } from "../../src/domain/violation.js";

function metricsFor(images: readonly ImageCodes[], code: ViolationCode): CodeMetrics {
  const [metrics] = perCodeMetrics(images, [code]);
  if (!metrics) throw new Error(`no metrics for ${code}`);
  return metrics;
}

describe("per-code precision and recall", () => {
  const images = [
    { expected: ["URL_OR_CONTACT"], raised: ["URL_OR_CONTACT"] },
    { expected: ["URL_OR_CONTACT"], raised: [] },
    { expected: [], raised: ["URL_OR_CONTACT", "BLURRY"] },
    { expected: ["PROFANITY", "BLURRY"], raised: ["PROFANITY", "BLURRY"] },
    { expected: [], raised: [] },
  ] as const;

  it("counts each image once per code: true and false positives, misses", () => {
    expect(metricsFor(images, "URL_OR_CONTACT")).toEqual({
      code: "URL_OR_CONTACT",
      support: 2,
      raised: 2,
      truePositives: 1,
      falsePositives: 1,
      falseNegatives: 1,
      precision: 0.5,
      recall: 0.5,
    });
  });

  it("reports every code expected or raised, sorted, when no list is given", () => {
    const metrics = perCodeMetrics(images);
    expect(metrics.map((m) => m.code)).toEqual(["BLURRY", "PROFANITY", "URL_OR_CONTACT"]);
    expect(metrics[0]).toMatchObject({ support: 1, raised: 2, precision: 0.5, recall: 1 });
    expect(metrics[1]).toMatchObject({ support: 1, raised: 1, precision: 1, recall: 1 });
  });

  it("leaves precision undefined for a code never raised and recall for one never expected", () => {
    expect(metricsFor([{ expected: ["NUDITY"], raised: [] }], "NUDITY")).toMatchObject({
      precision: null,
      recall: 0,
      falseNegatives: 1,
    });
    expect(metricsFor([{ expected: [], raised: ["NUDITY"] }], "NUDITY")).toMatchObject({
      precision: 0,
      recall: null,
      falsePositives: 1,
    });
    expect(metricsFor([{ expected: [], raised: [] }], "NUDITY")).toMatchObject({
      support: 0,
      raised: 0,
      precision: null,
      recall: null,
    });
  });

  it("pools all codes into one micro average", () => {
    const pooled = pooledMetrics(perCodeMetrics(images));
    expect(pooled).toMatchObject({ truePositives: 3, falsePositives: 2, falseNegatives: 1 });
    expect(pooled.precision).toBeCloseTo(3 / 5);
    expect(pooled.recall).toBeCloseTo(3 / 4);
  });
});

describe("bars", () => {
  const bar = { minPrecision: 0.95, minRecall: 0.9 };

  it("passes a code at or above both bars, and a code never raised nor expected", () => {
    expect(
      barMiss(metricsFor([{ expected: ["BLURRY"], raised: ["BLURRY"] }], "BLURRY"), bar),
    ).toBeUndefined();
    const nineOfTen = metricsFor(
      Array.from(
        { length: 10 },
        (_, i): ImageCodes => ({ expected: ["BLURRY"], raised: i < 9 ? ["BLURRY"] : [] }),
      ),
      "BLURRY",
    );
    expect(nineOfTen.recall).toBeCloseTo(0.9);
    expect(barMiss(nineOfTen, bar)).toBeUndefined();
    expect(barMiss(metricsFor([{ expected: [], raised: [] }], "BLURRY"), bar)).toBeUndefined();
  });

  it("names the code and what fell short", () => {
    const noisy = metricsFor(
      [
        { expected: ["PROFANITY"], raised: ["PROFANITY"] },
        { expected: [], raised: ["PROFANITY"] },
        { expected: ["PROFANITY"], raised: [] },
      ],
      "PROFANITY",
    );
    expect(barMiss(noisy, bar)).toBe(
      "PROFANITY: precision 0.500 < 0.95 (1 false positives), recall 0.500 < 0.9 (1 missed)",
    );
  });
});
