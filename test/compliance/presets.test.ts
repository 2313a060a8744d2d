import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/adapters/embedded/open-database.js";
import { SqliteJobStore } from "../../src/adapters/embedded/sqlite-job-store.js";
import { ComplianceEngine } from "../../src/compliance/compliance-engine.js";
import { createDetectors } from "../../src/compliance/detector-registry.js";
import { PolicySource } from "../../src/compliance/policy/policy-source.js";
import type { ImageFormat } from "../../src/domain/poster-key.js";
import { systemClock } from "../../src/ports/clock.js";
import { makePoster } from "../support/posters.js";

const db = openDatabase(":memory:");
const engine = new ComplianceEngine(createDetectors(["metrics"]), new SqliteJobStore(db), systemClock);
const prime = new PolicySource("prime-video");
const generic = new PolicySource("generic");
afterAll(() => db.close());

let seed = 0;
async function codesOf(bytes: Buffer, format: ImageFormat, source: PolicySource, artworkType?: string) {
  const policy = source.forPoster(undefined, artworkType);
  seed += 1;
  const result = await engine.check(
    { bytes, format, posterHash: seed.toString(16).padStart(64, "0") },
    policy,
  );
  return result.violations.map((v) => v.code);
}

describe("presets, exercised at the edges of their own numbers", () => {
  const poster = prime.forPoster(undefined, "poster").technical;

  it("passes a poster of exactly the minimum size and refuses one a little smaller", async () => {
    const exact = await makePoster(1, poster.minWidth, poster.minHeight);
    expect(await codesOf(exact, "jpeg", prime, "poster")).not.toContain("LOW_RESOLUTION");
    const ratio = poster.aspectRatios[0] ?? { width: 2, height: 3 };
    const smaller = await makePoster(2, poster.minWidth - ratio.width, poster.minHeight - ratio.height);
    expect(await codesOf(smaller, "jpeg", prime, "poster")).toContain("LOW_RESOLUTION");
  });

  it("raises OVERSIZED one pixel past the maximum side", async () => {
    const strip = (width: number) =>
      sharp({ create: { width, height: 64, channels: 3, background: "#3366aa" } })
        .png()
        .toBuffer();
    expect(await codesOf(await strip(poster.maxWidth), "png", prime, "poster")).not.toContain("OVERSIZED");
    expect(await codesOf(await strip(poster.maxWidth + 1), "png", prime, "poster")).toContain("OVERSIZED");
  });

  it("raises COLOR_SPACE on a CMYK JPEG where RGB is required", async () => {
    const rgb = await makePoster(3, poster.minWidth, poster.minHeight);
    const cmyk = await sharp(rgb).toColourspace("cmyk").jpeg().toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe("cmyk");
    expect(await codesOf(cmyk, "jpeg", prime, "poster")).toContain("COLOR_SPACE");
    expect(await codesOf(rgb, "jpeg", prime, "poster")).not.toContain("COLOR_SPACE");
  });

  it("raises NO_TRANSPARENCY on opaque title art, not on a cut-out one", async () => {
    const { minWidth, minHeight } = prime.forPoster(undefined, "title-art").technical;
    const opaque = await sharp({
      create: { width: minWidth, height: minHeight, channels: 4, background: "#202020ff" },
    })
      .png()
      .toBuffer();
    const letters = Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${minWidth}" height="${minHeight}">` +
        `<text x="50" y="${minHeight / 2}" font-size="200" font-family="DejaVu Sans" fill="#fff">TITLE</text></svg>`,
    );
    const cutOut = await sharp({
      create: { width: minWidth, height: minHeight, channels: 4, background: "#00000000" },
    })
      .composite([{ input: letters }])
      .png()
      .toBuffer();
    const noAlpha = await sharp(opaque).removeAlpha().png().toBuffer();
    expect(await codesOf(opaque, "png", prime, "title-art")).toContain("NO_TRANSPARENCY");
    expect(await codesOf(noAlpha, "png", prime, "title-art")).toContain("NO_TRANSPARENCY");
    expect(await codesOf(cutOut, "png", prime, "title-art")).not.toContain("NO_TRANSPARENCY");
  });

  it("judges one image under two presets and two artwork types from one detector run", async () => {
    const runsBefore = engine.runs.get("metrics") ?? 0;
    const wide = await makePoster(4, 1920, 1080);
    const image = { bytes: wide, format: "jpeg" as const, posterHash: "f".repeat(64) };
    const asCover = await engine.check(image, prime.forPoster(undefined, "cover"));
    const asPoster = await engine.check(image, prime.forPoster(undefined, "poster"));
    const asGenericPoster = await engine.check(image, generic.forPoster(undefined, "poster"));
    expect(asCover.violations.map((v) => v.code)).not.toContain("ASPECT_RATIO");
    expect(asPoster.violations.map((v) => v.code)).toEqual(
      expect.arrayContaining(["ASPECT_RATIO", "LOW_RESOLUTION"]),
    );
    expect(asGenericPoster.violations.map((v) => v.code)).toContain("ASPECT_RATIO");
    expect(asGenericPoster.violations.map((v) => v.code)).not.toContain("LOW_RESOLUTION");
    expect(
      new Set([asCover.policy.version, asPoster.policy.version, asGenericPoster.policy.version]).size,
    ).toBe(3);
    expect(asCover).toMatchObject({ preset: "prime-video", artworkType: "cover" });
    expect(engine.runs.get("metrics")).toBe(runsBefore + 1);
  });
});
