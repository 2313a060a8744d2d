import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { PosterRejectedError } from "../../src/domain/errors.js";
import { decodeBmp } from "../../src/imaging/bmp.js";
import { inspectImage } from "../../src/imaging/inspect-image.js";
import { openImage, readablePoster } from "../../src/imaging/readable-image.js";
import { posterLike, toBmp } from "../support/make-images.js";

const LIMIT = { maxPixels: 100_000_000 };

/** A BMP file around a DIB header and pixel data, with the offsets filled in. */
function bmpFile(dib: Buffer, extra: Buffer, pixels: Buffer): Buffer {
  const offset = 14 + dib.length + extra.length;
  const head = Buffer.alloc(14);
  head.write("BM", 0, "latin1");
  head.writeUInt32LE(offset + pixels.length, 2);
  head.writeUInt32LE(offset, 10);
  return Buffer.concat([head, dib, extra, pixels]);
}

function infoHeader(size: number, width: number, height: number, bits: number, compression: number) {
  const dib = Buffer.alloc(size);
  dib.writeUInt32LE(size, 0);
  dib.writeInt32LE(width, 4);
  dib.writeInt32LE(height, 8);
  dib.writeUInt16LE(1, 12);
  dib.writeUInt16LE(bits, 14);
  dib.writeUInt32LE(compression, 16);
  return dib;
}

/** Two palette entries (BGRx): 0 is red, 1 is blue. */
const PALETTE = Buffer.from([0, 0, 255, 0, 255, 0, 0, 0]);

async function rejection(bytes: Buffer, maxPixels = LIMIT.maxPixels): Promise<PosterRejectedError> {
  try {
    await inspectImage(bytes, { maxPixels });
  } catch (error) {
    if (error instanceof PosterRejectedError) return error;
    throw error;
  }
  throw new Error("the image was accepted");
}

describe("BMP reader", () => {
  it("reads a 24-bit bottom-up BMP pixel for pixel", async () => {
    const png = await posterLike(30, 45, "png");
    const bmp = await toBmp(png);
    const expected = await sharp(png).removeAlpha().raw().toBuffer();
    const decoded = decodeBmp(bmp, LIMIT);
    expect(decoded).toMatchObject({ width: 30, height: 45, channels: 3 });
    expect(decoded.data.equals(expected)).toBe(true);
  });

  it("reads an 8-bit palette BMP stored top-down", () => {
    const dib = infoHeader(40, 3, -2, 8, 0);
    dib.writeUInt32LE(2, 32);
    // Rows of 3 indices padded to 4 bytes: top row red, blue, red; bottom row blue, blue, red.
    const pixels = Buffer.from([0, 1, 0, 0, 1, 1, 0, 0]);
    const decoded = decodeBmp(bmpFile(dib, PALETTE, pixels), LIMIT);
    expect([...decoded.data]).toEqual([
      ...[255, 0, 0, 0, 0, 255, 255, 0, 0],
      ...[0, 0, 255, 0, 0, 255, 255, 0, 0],
    ]);
  });

  it("reads an RLE8 BMP: runs, a literal run and end of line", () => {
    const dib = infoHeader(40, 4, 2, 8, 1);
    dib.writeUInt32LE(2, 32);
    // Bottom row: four of index 1. Top row: a literal run 0 1 0 1. Then end of bitmap.
    const rle = Buffer.from([4, 1, 0, 0, 0, 4, 0, 1, 0, 1, 0, 1]);
    const decoded = decodeBmp(bmpFile(dib, PALETTE, rle), LIMIT);
    const red = [255, 0, 0];
    const blue = [0, 0, 255];
    expect([...decoded.data]).toEqual([...red, ...blue, ...red, ...blue, ...blue, ...blue, ...blue, ...blue]);
  });

  it("reads a 32-bit V4 BMP with bit-field masks and keeps its alpha", () => {
    const dib = infoHeader(108, 2, 1, 32, 3);
    dib.writeUInt32LE(0x00ff0000, 40);
    dib.writeUInt32LE(0x0000ff00, 44);
    dib.writeUInt32LE(0x000000ff, 48);
    dib.writeUInt32LE(0xff000000, 52);
    const pixels = Buffer.alloc(8);
    pixels.writeUInt32LE(0x80102030, 0);
    pixels.writeUInt32LE(0x00ffffff, 4);
    const decoded = decodeBmp(bmpFile(dib, Buffer.alloc(0), pixels), LIMIT);
    expect(decoded.channels).toBe(4);
    expect([...decoded.data]).toEqual([0x10, 0x20, 0x30, 0x80, 255, 255, 255, 0]);
  });

  it("hands a BMP to sharp as raw pixels, and to the detectors as a lossless PNG naming the file", async () => {
    const png = await posterLike(30, 45, "png");
    const bmp = await toBmp(png);
    expect((await openImage(bmp).metadata()).width).toBe(30);
    const readable = await readablePoster({ bytes: bmp, format: "bmp", posterHash: "a".repeat(64) });
    expect(readable.format).toBe("png");
    expect(readable.file).toEqual({ format: "bmp", bytes: bmp.length });
    const expected = await sharp(png).removeAlpha().raw().toBuffer();
    expect((await sharp(readable.bytes).raw().toBuffer()).equals(expected)).toBe(true);
  });
});

describe("the image gate and BMP", () => {
  it("takes a BMP in, with its size: the policy, not the gate, refuses the format", async () => {
    const bmp = await toBmp(await posterLike(60, 90, "png"));
    expect(await inspectImage(bmp, LIMIT)).toEqual({ format: "bmp", width: 60, height: 90 });
  });

  it("refuses a BMP over the pixel limit from its header, before decoding it", async () => {
    const dib = infoHeader(40, 20_000, 20_000, 1, 0);
    const error = await rejection(bmpFile(dib, PALETTE, Buffer.alloc(64)));
    expect(error.code).toBe("TOO_MANY_PIXELS");
  });

  it("refuses a truncated BMP as CORRUPT_IMAGE", async () => {
    const bmp = await toBmp(await posterLike(60, 90, "png"));
    const error = await rejection(bmp.subarray(0, bmp.length >> 1));
    expect(error.code).toBe("CORRUPT_IMAGE");
    expect(error.message).toMatch(/BMP.*truncated/);
  });

  it("refuses a run-length encoded BMP whose runs stop before the end of the bitmap", async () => {
    const dib = infoHeader(40, 4, 2, 8, 1);
    dib.writeUInt32LE(2, 32);
    const error = await rejection(bmpFile(dib, PALETTE, Buffer.from([4, 1, 0, 0, 2])));
    expect(error.code).toBe("CORRUPT_IMAGE");
  });

  it("keeps NOT_AN_IMAGE for text that merely starts with BM", async () => {
    const error = await rejection(Buffer.from("BMW owners' club newsletter, issue 12: the spring rally\n"));
    expect(error.code).toBe("NOT_AN_IMAGE");
  });

  it("refuses a BMP carrying embedded JPEG data as UNSUPPORTED_IMAGE", async () => {
    const dib = infoHeader(40, 2, 2, 24, 4);
    const error = await rejection(bmpFile(dib, Buffer.alloc(0), Buffer.alloc(64)));
    expect(error.code).toBe("UNSUPPORTED_IMAGE");
  });
});
