import sharp from "sharp";
import { describe, expect, it } from "vitest";
import {
  createImageMetricsDetector,
  type ImageMetrics,
} from "../../src/compliance/detectors/image-metrics.js";
import { PermanentProcessingError } from "../../src/domain/errors.js";
import type { ImageFormat } from "../../src/domain/poster-key.js";
import { framed, pdqPhoto, posterLike } from "../support/make-images.js";

const detector = createImageMetricsDetector();

function measure(bytes: Buffer, format: ImageFormat = "jpeg", signal?: AbortSignal): Promise<ImageMetrics> {
  return detector.detect({ bytes, format, posterHash: "0".repeat(64) }, signal);
}

/** Band sizes are found at the working size, so they are exact to a few original pixels. */
const NEAR = 6;

describe("the image-metrics detector", () => {
  it("is the metrics detector, versioned", () => {
    expect(detector.id).toBe("metrics");
    expect(detector.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("measures a clean poster: size, format, file size, colour, working size, no bands", async () => {
    const bytes = await posterLike(1000, 1500);
    const metrics = await measure(bytes);
    expect(metrics).toMatchObject({
      width: 1000,
      height: 1500,
      format: "jpeg",
      bytes: bytes.length,
      channels: 3,
      space: "srgb",
      hasAlpha: false,
      workingSize: { width: 341, height: 512 },
      bands: { top: 0, bottom: 0, left: 0, right: 0 },
    });
    expect(metrics.laplacianVariance).toBeGreaterThan(500);
  });

  it("reports the colour space, channels and alpha of what it was given", async () => {
    const poster = await posterLike(300, 450, "png");
    const cmyk = await measure(await sharp(poster).toColourspace("cmyk").jpeg().toBuffer());
    expect(cmyk).toMatchObject({ space: "cmyk", channels: 4, hasAlpha: false });
    const grey = await measure(await sharp(poster).toColourspace("b-w").png().toBuffer(), "png");
    expect(grey).toMatchObject({ space: "b-w", channels: 1, format: "png" });
    const withAlpha = await measure(await sharp(poster).ensureAlpha(0.5).png().toBuffer(), "png");
    expect(withAlpha).toMatchObject({ hasAlpha: true, channels: 4 });
  });

  it("names formats as the policy does, AVIF included", async () => {
    const poster = await posterLike(100, 150, "png");
    expect((await measure(await sharp(poster).avif({ effort: 0 }).toBuffer(), "avif")).format).toBe("avif");
    expect((await measure(await sharp(poster).gif({ effort: 1 }).toBuffer(), "gif")).format).toBe("gif");
    expect((await measure(await sharp(poster).tiff().toBuffer(), "tiff")).format).toBe("tiff");
  });

  it("measures the poster as displayed when EXIF rotates it", async () => {
    const bytes = await sharp(await posterLike(1500, 1000, "png"))
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    const metrics = await measure(bytes);
    expect(metrics).toMatchObject({ width: 1000, height: 1500, workingSize: { width: 341, height: 512 } });
  });

  it("does not depend on resolution: a poster and its double measure alike", async () => {
    const small = await measure(await posterLike(1000, 1500));
    const large = await measure(await posterLike(2000, 3000));
    expect(large.laplacianVariance / small.laplacianVariance).toBeGreaterThan(0.8);
    expect(large.laplacianVariance / small.laplacianVariance).toBeLessThan(1.25);
  });

  it("measures a 2000×3000 JPEG well under 100 ms", async () => {
    const bytes = await posterLike(2000, 3000);
    await measure(bytes);
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await measure(bytes);
      runs.push(performance.now() - started);
    }
    runs.sort((a, b) => a - b);
    expect(runs[2]).toBeLessThan(100);
  });

  it("fails permanently on bytes it cannot decode", async () => {
    const jpeg = await posterLike(300, 450);
    const error = await measure(jpeg.subarray(0, jpeg.length >> 1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentProcessingError);
    expect(error).toMatchObject({ code: "CORRUPT_IMAGE" });
  });

  it("stops when its signal is aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(measure(await posterLike(300, 450), "jpeg", controller.signal)).rejects.toThrow();
  });
});

describe("edge bands", () => {
  it("finds black letterbox bars at the top and bottom", async () => {
    const { bands } = await measure(
      await framed({ width: 1000, height: 1000 }, { top: 250, bottom: 250 }, "#000"),
    );
    expect(bands.top).toBeGreaterThanOrEqual(250 - NEAR);
    expect(bands.top).toBeLessThanOrEqual(250);
    expect(bands.bottom).toBeGreaterThanOrEqual(250 - NEAR);
    expect(bands.bottom).toBeLessThanOrEqual(250);
    expect(bands.left).toBe(0);
    expect(bands.right).toBe(0);
  });

  it("finds white pillars at the left and right", async () => {
    const { bands } = await measure(
      await framed({ width: 800, height: 1500 }, { left: 100, right: 100 }, "#fff"),
    );
    expect(bands.left).toBeGreaterThanOrEqual(100 - NEAR);
    expect(bands.right).toBeGreaterThanOrEqual(100 - NEAR);
    expect(bands.left).toBeLessThanOrEqual(100);
    expect(bands.top).toBe(0);
    expect(bands.bottom).toBe(0);
  });

  it("finds a band of any flat colour, on one side only", async () => {
    const { bands } = await measure(await framed({ width: 1000, height: 1300 }, { top: 200 }, "#3a7"));
    expect(bands.top).toBeGreaterThanOrEqual(200 - NEAR);
    expect(bands).toMatchObject({ bottom: 0, left: 0, right: 0 });
  });

  it.each(["q0003.jpg", "q0004.jpg", "q0122.jpg", "aaa-orig.jpg"])(
    "does not mistake the smooth sky or water of %s for a band",
    async (photo) => {
      const { bands } = await measure(pdqPhoto(photo));
      expect(bands).toEqual({ top: 0, bottom: 0, left: 0, right: 0 });
    },
  );

  it("finds the real grey border along one side of q0291.jpg", async () => {
    const { bands } = await measure(pdqPhoto("q0291.jpg"));
    expect(bands.left).toBeGreaterThanOrEqual(6);
    expect(bands.left).toBeLessThanOrEqual(12);
    expect(bands.right).toBe(0);
  });

  it("reports a flat image as one band covering it", async () => {
    const flat = await sharp({ create: { width: 600, height: 900, channels: 3, background: "#456" } })
      .png()
      .toBuffer();
    const metrics = await measure(flat, "png");
    expect(metrics.bands).toEqual({ top: 900, bottom: 0, left: 0, right: 0 });
    expect(metrics.laplacianVariance).toBe(0);
  });
});

describe("Laplacian variance", () => {
  it("leaves flat bands out, so pillars do not make a sharp picture look soft", async () => {
    // Same picture at the same working scale (the height, 1500, is the longest side throughout).
    const picture = await posterLike(600, 1500, "png");
    const alone = await measure(picture, "png");
    const inPillars = await measure(
      await sharp(picture).extend({ left: 200, right: 200, background: "#fff" }).png().toBuffer(),
      "png",
    );
    expect(inPillars.bands.left).toBeGreaterThan(190);
    expect(inPillars.laplacianVariance / alone.laplacianVariance).toBeGreaterThan(0.9);
    expect(inPillars.laplacianVariance / alone.laplacianVariance).toBeLessThan(1.1);
  });

  it("falls as a poster is blurred, faster at the fine scale than the coarse one", async () => {
    const poster = await posterLike(1000, 1500, "png");
    const sharpOne = await measure(poster, "png");
    const blurred = await measure(await sharp(poster).blur(8).png().toBuffer(), "png");
    expect(blurred.laplacianVariance).toBeLessThan(sharpOne.laplacianVariance / 20);
    expect(blurred.laplacianVariance / blurred.coarseLaplacianVariance).toBeLessThan(
      sharpOne.laplacianVariance / sharpOne.coarseLaplacianVariance / 2,
    );
  });
});
