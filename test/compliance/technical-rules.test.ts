import sharp, { type Sharp } from "sharp";
import { describe, expect, it } from "vitest";
import { defaultPolicy } from "../../src/compliance/default-policy.js";
import {
  createImageMetricsDetector,
  type ImageMetrics,
} from "../../src/compliance/detectors/image-metrics.js";
import { judgeTechnical, ratioLabel } from "../../src/compliance/rules/technical-rules.js";
import {
  type Policy,
  type PolicyContent,
  type TechnicalLimits,
  versionPolicy,
} from "../../src/domain/policy.js";
import type { ImageFormat } from "../../src/domain/poster-key.js";
import type { Violation, ViolationCode } from "../../src/domain/violation.js";
import { framed, pdqPhoto, posterLike } from "../support/make-images.js";

const detector = createImageMetricsDetector();

function measure(bytes: Buffer, format: ImageFormat = "jpeg"): Promise<ImageMetrics> {
  return detector.detect({ bytes, format, posterHash: "0".repeat(64) });
}

function policyWith(changes: {
  technical?: Partial<TechnicalLimits>;
  rules?: PolicyContent["rules"];
}): Policy {
  const { version: _version, ...base } = defaultPolicy();
  return versionPolicy({
    ...base,
    id: "test",
    rules: { ...defaultPolicy().rules, ...changes.rules },
    technical: { ...defaultPolicy().technical, ...changes.technical },
  });
}

/** The default policy with the blur threshold calibrated on the PDQ photos (see the report). */
const CALIBRATED = policyWith({ technical: { blurMinLaplacianVariance: 200 } });

function codes(violations: Violation[]): ViolationCode[] {
  return violations.map((v) => v.code).sort();
}

function only(violations: Violation[], code: ViolationCode): Violation {
  const found = violations.filter((v) => v.code === code);
  expect(found).toHaveLength(1);
  return found[0] as Violation;
}

async function judged(bytes: Buffer, policy: Policy = defaultPolicy(), format: ImageFormat = "jpeg") {
  return judgeTechnical(await measure(bytes, format), policy, "metrics");
}

/** A metrics record of a clean 1000×1500 JPEG poster, to break one field at a time. */
const CLEAN: ImageMetrics = {
  width: 1000,
  height: 1500,
  format: "jpeg",
  bytes: 400_000,
  channels: 3,
  space: "srgb",
  hasAlpha: false,
  transparentShare: 0,
  laplacianVariance: 1400,
  coarseLaplacianVariance: 2400,
  workingSize: { width: 341, height: 512 },
  bands: { top: 0, bottom: 0, left: 0, right: 0 },
};

describe("technical rules on real images", () => {
  it.each(["jpeg", "png", "webp"] as const)(
    "raise nothing on a clean 1000×1500 %s poster",
    async (format) => {
      const bytes = await posterLike(1000, 1500, format);
      expect(await judged(bytes, defaultPolicy(), format)).toEqual([]);
      expect(await judged(bytes, CALIBRATED, format)).toEqual([]);
    },
  );

  it("LOW_RESOLUTION on a 400×600 poster, with the measured size and the minimum", async () => {
    const violations = await judged(await posterLike(400, 600));
    expect(codes(violations)).toEqual(["LOW_RESOLUTION"]);
    expect(only(violations, "LOW_RESOLUTION")).toMatchObject({
      severity: "HIGH",
      confidence: 1,
      detector: "metrics",
      message: "the poster is 400×600 pixels; at least 600×900 is required",
      evidence: { measured: { width: 400, height: 600 }, limit: { minWidth: 600, minHeight: 900 } },
    });
  });

  it("ASPECT_RATIO on a 3:2 landscape poster, naming both ratios", async () => {
    const violations = await judged(await posterLike(1500, 1000));
    expect(codes(violations)).toEqual(["ASPECT_RATIO"]);
    expect(only(violations, "ASPECT_RATIO").evidence).toMatchObject({
      measured: { ratio: "1.500 (3:2)", width: 1500, height: 1000 },
      limit: { ratio: "0.667 (2:3)", tolerance: 0.05 },
    });
  });

  it("no ASPECT_RATIO for a poster 2 % off 2:3, within the 5 % tolerance", async () => {
    expect(await judged(await posterLike(1000, 1530))).toEqual([]);
  });

  it("LETTERBOXING on black bars at the top and bottom, with the bands' boxes", async () => {
    const violations = await judged(
      await framed({ width: 1000, height: 1000 }, { top: 250, bottom: 250 }, "#000"),
    );
    expect(codes(violations)).toEqual(["LETTERBOXING"]);
    const letterbox = only(violations, "LETTERBOXING");
    expect(letterbox.confidence).toBe(1);
    expect(letterbox.message).toMatch(/at the top .* at the bottom.*letterboxing/);
    const [top, bottom] = letterbox.evidence?.boxes ?? [];
    expect(top).toMatchObject({ x: 0, y: 0, width: 1000 });
    expect(top?.height).toBeGreaterThan(240);
    expect(bottom).toMatchObject({ x: 0, width: 1000 });
    expect((bottom?.y ?? 0) + (bottom?.height ?? 0)).toBe(1500);
    expect(letterbox.evidence?.limit).toEqual({ minBandFraction: 0.04 });
  });

  it("LETTERBOXING on white pillars at the left and right", async () => {
    const violations = await judged(
      await framed({ width: 800, height: 1500 }, { left: 100, right: 100 }, "#fff"),
    );
    expect(codes(violations)).toEqual(["LETTERBOXING"]);
    expect(only(violations, "LETTERBOXING").message).toMatch(/on the left .* on the right.*pillarboxing/);
  });

  it("no LETTERBOXING for a single band on one side", async () => {
    const violations = await judged(await framed({ width: 1000, height: 1300 }, { top: 200 }, "#3a7"));
    expect(codes(violations)).toEqual([]);
  });

  it("BLURRY on a sharp poster blurred with sigma 8, under the default and calibrated limits", async () => {
    const blurred = await sharp(await posterLike(1000, 1500, "png"))
      .blur(8)
      .jpeg()
      .toBuffer();
    const metrics = await measure(blurred);
    for (const policy of [defaultPolicy(), CALIBRATED]) {
      const violations = judgeTechnical(metrics, policy, "metrics");
      expect(codes(violations)).toEqual(["BLURRY"]);
      const blurry = only(violations, "BLURRY");
      expect(blurry.confidence).toBeGreaterThan(0.8);
      expect(blurry.evidence?.measured?.laplacianVariance).toBe(metrics.laplacianVariance);
      expect(blurry.evidence?.limit?.blurMinLaplacianVariance).toBe(
        policy.technical.blurMinLaplacianVariance,
      );
    }
  });

  it("FILE_TOO_LARGE on an 18 MB PNG, with its size and the limit", async () => {
    const noise = Buffer.alloc(2000 * 3000 * 3);
    for (let i = 0; i < noise.length; i += 4) noise.writeUInt32LE((Math.random() * 0xffffffff) >>> 0, i);
    const png = await sharp(noise, { raw: { width: 2000, height: 3000, channels: 3 } })
      .png({ compressionLevel: 0 })
      .toBuffer();
    const violations = await judged(png, defaultPolicy(), "png");
    expect(codes(violations)).toEqual(["FILE_TOO_LARGE"]);
    expect(only(violations, "FILE_TOO_LARGE").evidence).toEqual({
      measured: { bytes: png.length },
      limit: { maxBytes: 10 * 1024 * 1024 },
    });
  });

  it.each([
    ["gif", (image: Sharp) => image.gif({ effort: 1 })],
    ["tiff", (image: Sharp) => image.tiff({ compression: "lzw" })],
  ] as const)("UNSUPPORTED_FORMAT on a %s poster under the default policy", async (format, encode) => {
    const bytes = await encode(sharp(await posterLike(600, 900, "png"))).toBuffer();
    const violations = await judged(bytes, defaultPolicy(), format);
    expect(codes(violations)).toEqual(["UNSUPPORTED_FORMAT"]);
    expect(only(violations, "UNSUPPORTED_FORMAT").evidence).toEqual({
      measured: { format },
      limit: { formats: ["jpeg", "png", "webp"] },
    });
  });
});

describe("the blur threshold, calibrated on the PDQ photos", () => {
  it.each([
    "aaa-orig.jpg",
    "sharpen-a-little.jpg",
    "sharpen-a-lot.jpg",
    "q0003.jpg",
    "q0004.jpg",
    "q0122.jpg",
    "q0291.jpg",
    "q0746.jpg",
    "q1050.jpg",
    "q2821.jpg",
  ])("%s is not blurry", async (photo) => {
    expect(codes(await judged(pdqPhoto(photo), CALIBRATED))).not.toContain("BLURRY");
  });

  it("blur-a-lot.jpg is blurry", async () => {
    const blurry = only(await judged(pdqPhoto("blur-a-lot.jpg"), CALIBRATED), "BLURRY");
    expect(blurry.confidence).toBeGreaterThanOrEqual(0.5);
    expect(blurry.severity).toBe("MEDIUM");
  });
});

describe("technical rules follow the policy", () => {
  const broken: ImageMetrics = {
    ...CLEAN,
    width: 1200,
    height: 700,
    format: "gif",
    bytes: 20 * 1024 * 1024,
    laplacianVariance: 5,
    coarseLaplacianVariance: 60,
    bands: { top: 100, bottom: 100, left: 0, right: 0 },
  };

  it("raise every broken rule, with the rule's severity and the detector's id", () => {
    const violations = judgeTechnical(broken, CALIBRATED, "metrics-under-test");
    expect(codes(violations)).toEqual([
      "ASPECT_RATIO",
      "BLURRY",
      "FILE_TOO_LARGE",
      "LETTERBOXING",
      "LOW_RESOLUTION",
      "UNSUPPORTED_FORMAT",
    ]);
    for (const violation of violations) {
      expect(violation.detector).toBe("metrics-under-test");
      expect(violation.severity).toBe(CALIBRATED.rules[violation.code]?.severity);
      expect(violation.evidence?.measured).toBeDefined();
      expect(violation.evidence?.limit).toBeDefined();
    }
  });

  it("a disabled rule raises nothing", () => {
    const policy = policyWith({
      rules: { LOW_RESOLUTION: { enabled: false, severity: "HIGH", minConfidence: 0.5 } },
    });
    expect(codes(judgeTechnical({ ...CLEAN, width: 400, height: 600 }, policy, "metrics"))).toEqual([]);
  });

  it("a rule the policy does not name raises nothing", () => {
    const { version: _version, ...base } = defaultPolicy();
    const policy = versionPolicy({ ...base, id: "empty", rules: {} });
    expect(judgeTechnical(broken, policy, "metrics")).toEqual([]);
  });

  it("takes severity from the policy", () => {
    const policy = policyWith({
      rules: { FILE_TOO_LARGE: { enabled: true, severity: "CRITICAL", minConfidence: 0.5 } },
    });
    const violation = only(
      judgeTechnical({ ...CLEAN, bytes: 11 * 1024 * 1024 }, policy, "metrics"),
      "FILE_TOO_LARGE",
    );
    expect(violation.severity).toBe("CRITICAL");
    expect(violation.message).toBe("the file is 11 MB; the limit is 10 MB");
  });

  it("BLURRY grows more confident as the poster gets blurrier, and a strict rule keeps only clear cases", () => {
    const confidence = (laplacianVariance: number) =>
      only(
        judgeTechnical({ ...CLEAN, laplacianVariance, coarseLaplacianVariance: 1000 }, CALIBRATED, "metrics"),
        "BLURRY",
      ).confidence;
    expect(confidence(190)).toBeGreaterThanOrEqual(0.5);
    expect(confidence(100)).toBeGreaterThan(confidence(190));
    expect(confidence(10)).toBeGreaterThan(confidence(100));
    expect(confidence(10)).toBe(1);
    const strict = policyWith({
      technical: { blurMinLaplacianVariance: 200 },
      rules: { BLURRY: { enabled: true, severity: "MEDIUM", minConfidence: 0.9 } },
    });
    const judgeStrictly = (laplacianVariance: number) =>
      codes(
        judgeTechnical({ ...CLEAN, laplacianVariance, coarseLaplacianVariance: 1000 }, strict, "metrics"),
      );
    expect(judgeStrictly(150)).toEqual([]);
    expect(judgeStrictly(10)).toEqual(["BLURRY"]);
  });

  it("no BLURRY for a featureless picture, whose fine detail keeps pace with its coarse detail", () => {
    const sky = { ...CLEAN, laplacianVariance: 7, coarseLaplacianVariance: 16 };
    expect(judgeTechnical(sky, CALIBRATED, "metrics")).toEqual([]);
  });

  it("LETTERBOXING at the band limit passes the default confidence; twice the limit is certain", () => {
    const at = (band: number) =>
      judgeTechnical(
        { ...CLEAN, bands: { top: band, bottom: band, left: 0, right: 0 } },
        defaultPolicy(),
        "m",
      );
    expect(at(59)).toEqual([]);
    expect(only(at(60), "LETTERBOXING").confidence).toBe(0.5);
    expect(only(at(120), "LETTERBOXING").confidence).toBe(1);
  });

  it("LETTERBOXING on a frame reports all four bands", () => {
    const frame = { ...CLEAN, bands: { top: 100, bottom: 100, left: 80, right: 80 } };
    const violation = only(judgeTechnical(frame, defaultPolicy(), "metrics"), "LETTERBOXING");
    expect(violation.evidence?.boxes).toEqual([
      { x: 0, y: 0, width: 1000, height: 100 },
      { x: 0, y: 1400, width: 1000, height: 100 },
      { x: 0, y: 100, width: 80, height: 1300 },
      { x: 920, y: 100, width: 80, height: 1300 },
    ]);
    expect(violation.message).toMatch(/a border$/);
  });
});

describe("ratio labels", () => {
  it.each([
    [1500, 1000, "1.500 (3:2)"],
    [2, 3, "0.667 (2:3)"],
    [1920, 1080, "1.778 (16:9)"],
    [1600, 1004, "1.594 (≈ 8:5)"],
    [1000, 1530, "0.654 (100:153)"],
    [1009, 1013, "0.996 (≈ 1:1)"],
  ])("%i×%i is %s", (width, height, label) => {
    expect(ratioLabel(width, height)).toBe(label);
  });
});
