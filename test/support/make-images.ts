import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import sharp from "sharp";

/** A real photo from the PDQ reference suite (BSD licence) copied into test/fixtures/pdq. */
export function pdqPhoto(name: string): Buffer {
  return readFileSync(fileURLToPath(new URL(`../fixtures/pdq/${name}`, import.meta.url)));
}

/** Flat shapes with hard edges, drawn over a poster of the given size. */
function shapesOverlay(width: number, height: number): Buffer {
  const u = width / 100;
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<circle cx="${50 * u}" cy="${height * 0.3}" r="${15 * u}" fill="#fff" stroke="#111" stroke-width="${u}"/>` +
      `<rect x="${10 * u}" y="${height * 0.72}" width="${80 * u}" height="${height * 0.12}" fill="#c22"/>` +
      `<rect x="${20 * u}" y="${height * 0.75}" width="${60 * u}" height="${height * 0.03}" fill="#fd0"/>` +
      "</svg>",
  );
}

type PosterFormat = "jpeg" | "png" | "webp" | "gif" | "tiff" | "avif";
const posters = new Map<string, Promise<Buffer>>();

/**
 * A clean, poster-like image: the PDQ bridge photo cropped to the size (2:3 by default) with shapes
 * drawn on it. Sharp, unframed, within every default technical limit. Made once per size and
 * format; do not modify the buffer.
 */
export function posterLike(width = 1000, height = 1500, format: PosterFormat = "jpeg"): Promise<Buffer> {
  const key = `${width}x${height}.${format}`;
  let poster = posters.get(key);
  if (!poster) {
    poster = drawPoster(width, height, format);
    posters.set(key, poster);
  }
  return poster;
}

async function drawPoster(width: number, height: number, format: PosterFormat): Promise<Buffer> {
  const drawn = await sharp(pdqPhoto("aaa-orig.jpg"))
    .resize(width, height, { fit: "cover" })
    .composite([{ input: shapesOverlay(width, height) }])
    .raw()
    .toBuffer({ resolveWithObject: true });
  return sharp(drawn.data, { raw: drawn.info })
    .removeAlpha()
    .toFormat(format, format === "jpeg" ? { quality: 90 } : {})
    .toBuffer();
}

/** A poster-like picture of `inner` size placed on flat bands of `colour`. */
export async function framed(
  inner: { width: number; height: number },
  bands: { top?: number; bottom?: number; left?: number; right?: number },
  colour: string,
): Promise<Buffer> {
  return sharp(await posterLike(inner.width, inner.height, "png"))
    .extend({ top: 0, bottom: 0, left: 0, right: 0, ...bands, background: colour })
    .jpeg({ quality: 90 })
    .toBuffer();
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/**
 * A PNG whose header claims width×height RGB pixels, crafted by hand as an attacker would: a few
 * hundred bytes on the wire, gigabytes once decoded.
 */
export function pngClaiming(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", Buffer.from([0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01])),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

/** `png` with bytes in the middle of its first IDAT chunk scrambled and the chunk's CRC made valid again. */
export function withBrokenIdat(png: Buffer): Buffer {
  const broken = Buffer.from(png);
  let at = 8;
  while (at < broken.length) {
    const length = broken.readUInt32BE(at);
    const type = broken.toString("latin1", at + 4, at + 8);
    if (type === "IDAT") {
      const data = broken.subarray(at + 8, at + 8 + length);
      for (let i = data.length >> 1; i < Math.min(data.length, (data.length >> 1) + 64); i++) {
        data[i] = (data[i] ?? 0) ^ 0x5a;
      }
      broken.set(pngChunk("IDAT", Buffer.from(data)), at);
      return broken;
    }
    at += 12 + length;
  }
  throw new Error("no IDAT chunk");
}

/**
 * `jpeg` with the quirk some Samsung phones write: a baseline scan whose SOS header ends its
 * spectral selection at 0 instead of 63. libjpeg warns ("Invalid SOS parameters for sequential
 * JPEG") and decodes the pixels exactly as before.
 */
export function withSamsungSos(jpeg: Buffer): Buffer {
  const quirky = Buffer.from(jpeg);
  const sos = quirky.indexOf(Buffer.from([0xff, 0xda]));
  const components = quirky[sos + 4] ?? 0;
  quirky[sos + 5 + 2 * components + 1] = 0;
  return quirky;
}

/**
 * `image` (anything sharp reads) as an uncompressed 24-bit BMP, bottom-up as most writers store it.
 * Written by hand: sharp cannot write BMP.
 */
export async function toBmp(image: Buffer): Promise<Buffer> {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  const stride = Math.ceil((width * 3) / 4) * 4;
  const file = Buffer.alloc(54 + stride * height);
  file.write("BM", 0, "latin1");
  file.writeUInt32LE(file.length, 2);
  file.writeUInt32LE(54, 10);
  file.writeUInt32LE(40, 14);
  file.writeInt32LE(width, 18);
  file.writeInt32LE(height, 22);
  file.writeUInt16LE(1, 26);
  file.writeUInt16LE(24, 28);
  file.writeUInt32LE(stride * height, 34);
  file.writeInt32LE(2835, 38);
  file.writeInt32LE(2835, 42);
  for (let y = 0; y < height; y++) {
    const row = 54 + (height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const from = (y * width + x) * 3;
      file[row + x * 3] = data[from + 2] ?? 0;
      file[row + x * 3 + 1] = data[from + 1] ?? 0;
      file[row + x * 3 + 2] = data[from] ?? 0;
    }
  }
  return file;
}
