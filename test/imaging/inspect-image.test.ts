import sharp, { type Sharp } from "sharp";
import { describe, expect, it } from "vitest";
import { PosterRejectedError, type PosterRejectionCode } from "../../src/domain/errors.js";
import { inspectImage } from "../../src/imaging/inspect-image.js";
import { pngClaiming, posterLike, withBrokenIdat, withSamsungSos } from "../support/make-images.js";

const LIMITS = { maxPixels: 100_000_000 };

async function rejection(bytes: Buffer, maxPixels = LIMITS.maxPixels): Promise<PosterRejectedError> {
  try {
    await inspectImage(bytes, { maxPixels });
  } catch (error) {
    if (error instanceof PosterRejectedError) return error;
    throw error;
  }
  throw new Error("the image was accepted");
}

async function expectRejected(bytes: Buffer, code: PosterRejectionCode, message?: RegExp): Promise<void> {
  const error = await rejection(bytes);
  expect(error.code).toBe(code);
  if (message) expect(error.message).toMatch(message);
}

/** A 2×1 24-bit BMP, built by hand (sharp cannot write BMP). */
function bmp(): Buffer {
  const file = Buffer.alloc(62);
  file.write("BM", 0, "latin1");
  file.writeUInt32LE(62, 2);
  file.writeUInt32LE(54, 10);
  file.writeUInt32LE(40, 14);
  file.writeInt32LE(2, 18);
  file.writeInt32LE(1, 22);
  file.writeUInt16LE(1, 26);
  file.writeUInt16LE(24, 28);
  file.writeUInt32LE(8, 34);
  return file;
}

describe("inspectImage accepts sound images", () => {
  it.each(["jpeg", "png", "webp"] as const)("a %s poster, with its real format and size", async (format) => {
    const bytes = await posterLike(600, 900, format);
    await expect(inspectImage(bytes, LIMITS)).resolves.toEqual({ format, width: 600, height: 900 });
  });

  it.each([
    ["gif", (image: Sharp) => image.gif({ effort: 1 })],
    ["tiff", (image: Sharp) => image.tiff()],
    ["avif", (image: Sharp) => image.avif({ effort: 0 })],
  ] as const)("a %s image, which the technical rules judge later", async (format, encode) => {
    const bytes = await encode(sharp(await posterLike(100, 150, "png"))).toBuffer();
    await expect(inspectImage(bytes, LIMITS)).resolves.toEqual({ format, width: 100, height: 150 });
  });

  it("reports the size as displayed when EXIF rotates the picture", async () => {
    const bytes = await sharp(await posterLike(300, 200, "png"))
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    await expect(inspectImage(bytes, LIMITS)).resolves.toEqual({ format: "jpeg", width: 200, height: 300 });
  });

  it("tolerates the stray bytes before a marker that camera JPEGs often carry", async () => {
    const jpeg = await posterLike(300, 450);
    const withStrayBytes = Buffer.concat([
      jpeg.subarray(0, -2),
      Buffer.from([1, 2, 3, 4]),
      jpeg.subarray(-2),
    ]);
    await expect(inspectImage(withStrayBytes, LIMITS)).resolves.toMatchObject({ format: "jpeg" });
  });

  it("accepts a JPEG with the invalid SOS parameters Samsung phones write, which decodes fine", async () => {
    const bytes = withSamsungSos(await posterLike(300, 450));
    await expect(sharp(bytes, { failOn: "warning" }).raw().toBuffer()).rejects.toThrow(/Invalid SOS/);
    await expect(inspectImage(bytes, LIMITS)).resolves.toEqual({ format: "jpeg", width: 300, height: 450 });
  });

  it("accepts a progressive JPEG", async () => {
    const bytes = await sharp(await posterLike(300, 450, "png"))
      .jpeg({ progressive: true })
      .toBuffer();
    await expect(inspectImage(bytes, LIMITS)).resolves.toEqual({ format: "jpeg", width: 300, height: 450 });
  });

  it("accepts a motion photo: a JPEG with a video appended after its end", async () => {
    const video = Buffer.from([
      0,
      0,
      0,
      0x18,
      ...Buffer.from("ftypmp42"),
      0xff,
      0xda,
      0x00,
      0x0c,
      0x12,
      0x34,
    ]);
    const bytes = Buffer.concat([await posterLike(300, 450), video]);
    await expect(inspectImage(bytes, LIMITS)).resolves.toEqual({ format: "jpeg", width: 300, height: 450 });
  });

  it("accepts an image of exactly the pixel limit", async () => {
    const bytes = await posterLike(100, 150, "png");
    await expect(inspectImage(bytes, { maxPixels: 15_000 })).resolves.toMatchObject({
      width: 100,
      height: 150,
    });
  });
});

describe("inspectImage refuses what is not an image", () => {
  it.each([
    ["an empty file", Buffer.alloc(0), /empty/],
    ["plain text", Buffer.from("just some words, not a picture\n"), /text/],
    ["an HTML page", Buffer.from("<!DOCTYPE html><html><body><img src=x></body></html>"), /HTML/],
    [
      "a PDF",
      Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"),
      /application\/pdf/,
    ],
    ["a zip archive", Buffer.from([0x50, 0x4b, 0x03, 0x04, ...Buffer.alloc(60)]), /application\/zip/],
  ])("%s is NOT_AN_IMAGE", async (_name, bytes, message) => {
    await expectRejected(bytes, "NOT_AN_IMAGE", message);
  });

  it.each([
    [
      "an SVG",
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
    ],
    [
      "an SVG with an XML declaration",
      '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>',
    ],
  ])("%s is an UNSUPPORTED_IMAGE", async (_name, text) => {
    await expectRejected(Buffer.from(text), "UNSUPPORTED_IMAGE", /SVG/);
  });

  it("a BMP is not refused: the gate reads it, and the verdict says UNSUPPORTED_FORMAT", async () => {
    expect(await inspectImage(bmp(), LIMITS)).toEqual({ format: "bmp", width: 2, height: 1 });
  });

  it("an ICO is an UNSUPPORTED_IMAGE, naming the accepted formats", async () => {
    const ico = Buffer.concat([Buffer.from([0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0]), Buffer.alloc(64)]);
    await expectRejected(ico, "UNSUPPORTED_IMAGE", /ICO.*JPEG, PNG, WebP, GIF, AVIF, TIFF or BMP/);
  });
});

describe("inspectImage refuses oversized images from the header alone", () => {
  it("a 30000×30000 PNG fast, without decoding it, and says why", async () => {
    const bytes = pngClaiming(30_000, 30_000);
    const started = performance.now();
    const error = await rejection(bytes);
    const elapsed = performance.now() - started;
    expect(error.code).toBe("TOO_MANY_PIXELS");
    expect(error.message).toBe(
      "the file is a PNG of 30000×30000 = 900 megapixels; the limit is 100 megapixels",
    );
    // Decoding 900 megapixels would take seconds and gigabytes; reading a header takes a millisecond.
    expect(elapsed).toBeLessThan(250);
  });

  it("a real image one pixel row over the limit", async () => {
    const bytes = await posterLike(100, 150, "png");
    const error = await rejection(bytes, 14_999);
    expect(error.code).toBe("TOO_MANY_PIXELS");
    expect(error.message).toBe("the file is a PNG of 100×150 = 15000 pixels; the limit is 14999 pixels");
  });
});

describe("inspectImage refuses truncated and damaged images", () => {
  it("a JPEG cut in half", async () => {
    const jpeg = await posterLike(600, 900);
    await expectRejected(jpeg.subarray(0, jpeg.length >> 1), "CORRUPT_IMAGE", /JPEG.*truncated/);
  });

  it("a JPEG cut in half with its end marker put back, which only a full decode can tell", async () => {
    const jpeg = await posterLike(600, 900);
    const patched = Buffer.concat([jpeg.subarray(0, jpeg.length >> 1), Buffer.from([0xff, 0xd9])]);
    await expectRejected(patched, "CORRUPT_IMAGE", /JPEG.*truncated or damaged.*premature end/);
  });

  it("a JPEG cut inside its last row of blocks, which a scaled decode never reads", async () => {
    const jpeg = await posterLike(601, 899);
    await expectRejected(jpeg.subarray(0, -100), "CORRUPT_IMAGE");
  });

  it("a JPEG missing only its last bytes", async () => {
    const jpeg = await posterLike(600, 900);
    await expectRejected(jpeg.subarray(0, -200), "CORRUPT_IMAGE");
  });

  it("a progressive JPEG cut in half", async () => {
    const jpeg = await sharp(await posterLike(600, 900, "png"))
      .jpeg({ progressive: true })
      .toBuffer();
    await expectRejected(jpeg.subarray(0, jpeg.length >> 1), "CORRUPT_IMAGE");
  });

  it("a PNG whose IDAT data is scrambled under a valid CRC", async () => {
    const png = await posterLike(300, 450, "png");
    await expectRejected(withBrokenIdat(png), "CORRUPT_IMAGE", /PNG/);
  });

  it("a PNG cut in half", async () => {
    const png = await posterLike(300, 450, "png");
    await expectRejected(png.subarray(0, png.length >> 1), "CORRUPT_IMAGE");
  });

  it("a PNG whose header promises more pixels than its data holds", async () => {
    await expectRejected(pngClaiming(300, 450), "CORRUPT_IMAGE");
  });

  it("a WebP cut in half", async () => {
    const webp = await posterLike(300, 450, "webp");
    await expectRejected(webp.subarray(0, webp.length >> 1), "CORRUPT_IMAGE", /WebP/);
  });

  it("a PNG signature with nothing after it", async () => {
    await expectRejected(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), "CORRUPT_IMAGE");
  });
});
