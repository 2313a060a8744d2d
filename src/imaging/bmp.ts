/**
 * A Windows bitmap (BMP) reader. sharp's libvips has no BMP loader, yet BMPs do reach a poster
 * catalogue; the gate must take them in so that the verdict can say UNSUPPORTED_FORMAT (and what
 * else is wrong) instead of refusing the file. Reads the core (OS/2 1.x) header and the Windows
 * headers up to V5: 1, 4 and 8 bits with a palette (uncompressed or RLE), 16, 24 and 32 bits
 * (uncompressed or with bit-field masks). Every offset is bounds-checked and the pixel count is
 * checked from the header before anything is allocated.
 */

/** not-bmp: no bitmap header at all; unsupported: a BMP variant not read here; corrupt: damaged data. */
export type BmpErrorKind = "not-bmp" | "unsupported" | "corrupt" | "too-many-pixels";

export class BmpError extends Error {
  override readonly name = "BmpError";
  constructor(
    readonly kind: BmpErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export interface BmpHeader {
  width: number;
  height: number;
  bitsPerPixel: number;
  /** BI_RGB 0, BI_RLE8 1, BI_RLE4 2, BI_BITFIELDS 3, BI_ALPHABITFIELDS 6. */
  compression: number;
}

export interface BmpPixels {
  /** Row-major, top row first, `channels` bytes a pixel (RGB, or RGBA when the file has alpha). */
  data: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
}

interface Layout extends BmpHeader {
  topDown: boolean;
  pixelOffset: number;
  palette: Uint8Array[];
  masks?: { red: number; green: number; blue: number; alpha: number };
}

const CORE_HEADER = 12;
const WINDOWS_HEADERS = new Set([40, 52, 56, 108, 124]);
const BI_RGB = 0;
const BI_RLE8 = 1;
const BI_RLE4 = 2;
const BI_BITFIELDS = 3;
const BI_ALPHABITFIELDS = 6;
const COMPRESSION_NAMES: Record<number, string> = { 4: "embedded JPEG", 5: "embedded PNG", 11: "CMYK" };

/** Whether the bytes start like a BMP file: "BM" and a header size this reader knows of. */
export function looksLikeBmp(bytes: Buffer): boolean {
  if (bytes.length < 26 || bytes[0] !== 0x42 || bytes[1] !== 0x4d) return false;
  const size = bytes.readUInt32LE(14);
  return size === CORE_HEADER || WINDOWS_HEADERS.has(size) || size === 16 || size === 64;
}

/** Width, height, depth and compression, from the headers alone. */
export function readBmpHeader(bytes: Buffer): BmpHeader {
  const { width, height, bitsPerPixel, compression } = readLayout(bytes);
  return { width, height, bitsPerPixel, compression };
}

/** Every pixel, refusing more than `maxPixels` before allocating anything. */
export function decodeBmp(bytes: Buffer, options: { maxPixels: number }): BmpPixels {
  const layout = boundedLayout(bytes, options.maxPixels);
  if (isRle(layout)) return decodeRle(bytes, layout);
  return decodeRows(bytes, layout);
}

/**
 * Whether every pixel is there, without allocating them: the data of an uncompressed BMP must be
 * long enough, and a run-length encoded one is walked to its end. Throws BmpError like decodeBmp.
 */
export function verifyBmp(bytes: Buffer, options: { maxPixels: number }): void {
  const layout = boundedLayout(bytes, options.maxPixels);
  if (isRle(layout)) walkRle(bytes, layout, undefined);
  else needRows(bytes, layout);
}

function boundedLayout(bytes: Buffer, maxPixels: number): Layout {
  const layout = readLayout(bytes);
  const { width, height } = layout;
  if (width * height > maxPixels) {
    throw new BmpError(
      "too-many-pixels",
      `the BMP is ${width}×${height} pixels, over the limit of ${maxPixels}`,
    );
  }
  return layout;
}

function isRle(layout: Layout): boolean {
  return layout.compression === BI_RLE8 || layout.compression === BI_RLE4;
}

function needRows(bytes: Buffer, layout: Layout): number {
  const { width, height, bitsPerPixel } = layout;
  const stride = Math.floor((bitsPerPixel * width + 31) / 32) * 4;
  // Writers sometimes leave out the last row's padding.
  need(
    bytes,
    layout.pixelOffset + stride * (height - 1) + Math.ceil((bitsPerPixel * width) / 8),
    "its pixel data",
  );
  return stride;
}

function readLayout(bytes: Buffer): Layout {
  if (!looksLikeBmp(bytes)) throw new BmpError("not-bmp", "the file starts with BM but has no bitmap header");
  const headerSize = bytes.readUInt32LE(14);
  if (headerSize === 16 || headerSize === 64) {
    throw new BmpError(
      "unsupported",
      "the file is an OS/2 2.x bitmap, a BMP variant PosterGuard cannot read",
    );
  }
  const pixelOffset = bytes.readUInt32LE(10);
  const core = headerSize === CORE_HEADER;
  need(bytes, 14 + headerSize, "its header");
  const width = core ? bytes.readUInt16LE(18) : bytes.readInt32LE(18);
  const rawHeight = core ? bytes.readUInt16LE(20) : bytes.readInt32LE(22);
  const bitsPerPixel = core ? bytes.readUInt16LE(24) : bytes.readUInt16LE(28);
  const compression = core ? BI_RGB : bytes.readUInt32LE(30);
  const height = Math.abs(rawHeight);
  if (width <= 0 || height <= 0)
    throw new BmpError("corrupt", `the BMP header gives a size of ${width}×${rawHeight}`);
  if (![1, 4, 8, 16, 24, 32].includes(bitsPerPixel)) {
    throw new BmpError("corrupt", `the BMP header gives ${bitsPerPixel} bits a pixel`);
  }
  const named = COMPRESSION_NAMES[compression];
  if (named)
    throw new BmpError("unsupported", `the file is a BMP with ${named} data, which PosterGuard cannot read`);
  const valid =
    compression === BI_RGB ||
    (compression === BI_RLE8 && bitsPerPixel === 8) ||
    (compression === BI_RLE4 && bitsPerPixel === 4) ||
    ((compression === BI_BITFIELDS || compression === BI_ALPHABITFIELDS) &&
      (bitsPerPixel === 16 || bitsPerPixel === 32));
  if (!valid) {
    throw new BmpError(
      "corrupt",
      `the BMP header gives compression ${compression} at ${bitsPerPixel} bits a pixel`,
    );
  }
  // RLE rows are stored bottom-up only; a negative height there is damage.
  if (rawHeight < 0 && (compression === BI_RLE8 || compression === BI_RLE4)) {
    throw new BmpError("corrupt", "the BMP is run-length encoded but claims to be stored top-down");
  }

  let after = 14 + headerSize;
  let masks: Layout["masks"];
  if (compression === BI_BITFIELDS || compression === BI_ALPHABITFIELDS) {
    const count = compression === BI_ALPHABITFIELDS ? 4 : 3;
    // BITMAPINFOHEADER puts the masks after itself; the V2 to V5 headers hold them.
    const at = headerSize === 40 ? after : 54;
    if (headerSize === 40) after += count * 4;
    need(bytes, at + count * 4, "its colour masks");
    masks = {
      red: bytes.readUInt32LE(at),
      green: bytes.readUInt32LE(at + 4),
      blue: bytes.readUInt32LE(at + 8),
      alpha: count === 4 || headerSize >= 56 ? bytes.readUInt32LE(at + 12) : 0,
    };
  } else if (bitsPerPixel === 16) {
    masks = { red: 0x7c00, green: 0x03e0, blue: 0x001f, alpha: 0 };
  } else if (bitsPerPixel === 32) {
    // The fourth byte of an uncompressed 32-bit BMP is unused, whatever a writer left in it.
    masks = { red: 0xff0000, green: 0xff00, blue: 0xff, alpha: 0 };
  }

  if (pixelOffset < after || pixelOffset >= bytes.length) {
    throw new BmpError("corrupt", "the BMP's pixel data is missing (its offset points outside the file)");
  }
  const palette: Uint8Array[] = [];
  if (bitsPerPixel <= 8) {
    const entrySize = core ? 3 : 4;
    const used = core ? 0 : bytes.readUInt32LE(46);
    const count = Math.min(used || 2 ** bitsPerPixel, 2 ** bitsPerPixel);
    const room = Math.floor((pixelOffset - after) / entrySize);
    if (room < 1) throw new BmpError("corrupt", "the BMP has no colour table");
    for (let i = 0; i < Math.min(count, room); i++) {
      const at = after + i * entrySize;
      palette.push(Uint8Array.of(bytes[at + 2] ?? 0, bytes[at + 1] ?? 0, bytes[at] ?? 0));
    }
  }
  return {
    width,
    height,
    bitsPerPixel,
    compression,
    topDown: rawHeight < 0,
    pixelOffset,
    palette,
    ...(masks ? { masks } : {}),
  };
}

function need(bytes: Buffer, length: number, what: string): void {
  if (bytes.length < length) throw new BmpError("corrupt", `the BMP is truncated: ${what} is cut short`);
}

interface Channel {
  mask: number;
  shift: number;
  max: number;
}

function channelOf(mask: number): Channel | undefined {
  if (mask === 0) return undefined;
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift += 1;
  const max = mask >>> shift;
  return { mask, shift, max };
}

function read(channel: Channel | undefined, pixel: number): number {
  if (!channel) return 0;
  const value = (pixel & channel.mask) >>> channel.shift;
  return channel.max === 255 ? value : Math.round((value * 255) / channel.max);
}

/** Uncompressed and bit-field rows, each padded to four bytes. */
function decodeRows(bytes: Buffer, layout: Layout): BmpPixels {
  const { width, height, bitsPerPixel, palette } = layout;
  const stride = needRows(bytes, layout);
  const red = channelOf(layout.masks?.red ?? 0);
  const green = channelOf(layout.masks?.green ?? 0);
  const blue = channelOf(layout.masks?.blue ?? 0);
  const alpha = channelOf(layout.masks?.alpha ?? 0);
  const channels = alpha ? 4 : 3;
  const data = Buffer.alloc(width * height * channels);
  let anyAlpha = false;
  for (let row = 0; row < height; row++) {
    const source = layout.pixelOffset + (layout.topDown ? row : height - 1 - row) * stride;
    let out = row * width * channels;
    for (let x = 0; x < width; x++, out += channels) {
      if (bitsPerPixel <= 8) {
        const bit = x * bitsPerPixel;
        const byte = bytes[source + (bit >> 3)] ?? 0;
        const index = (byte >> (8 - bitsPerPixel - (bit & 7))) & ((1 << bitsPerPixel) - 1);
        const colour = palette[index] ?? palette[0];
        data[out] = colour?.[0] ?? 0;
        data[out + 1] = colour?.[1] ?? 0;
        data[out + 2] = colour?.[2] ?? 0;
        continue;
      }
      if (bitsPerPixel === 24) {
        const at = source + x * 3;
        data[out] = bytes[at + 2] ?? 0;
        data[out + 1] = bytes[at + 1] ?? 0;
        data[out + 2] = bytes[at] ?? 0;
        continue;
      }
      const pixel =
        bitsPerPixel === 16 ? bytes.readUInt16LE(source + x * 2) : bytes.readUInt32LE(source + x * 4);
      data[out] = read(red, pixel);
      data[out + 1] = read(green, pixel);
      data[out + 2] = read(blue, pixel);
      if (alpha) {
        const value = read(alpha, pixel);
        data[out + 3] = value;
        if (value !== 0) anyAlpha = true;
      }
    }
  }
  // An alpha mask over all-zero values is a writer's habit, not a fully transparent picture.
  if (alpha && !anyAlpha) for (let i = 3; i < data.length; i += 4) data[i] = 255;
  return { data, width, height, channels };
}

/** RLE8 and RLE4: runs and literal runs of palette indices, bottom-up, with end-of-line, end and delta escapes. */
function decodeRle(bytes: Buffer, layout: Layout): BmpPixels {
  const { width, height, palette } = layout;
  const indices = new Uint8Array(width * height);
  walkRle(bytes, layout, indices);
  const data = Buffer.alloc(width * height * 3);
  for (let i = 0; i < indices.length; i++) {
    const colour = palette[indices[i] ?? 0] ?? palette[0];
    data[i * 3] = colour?.[0] ?? 0;
    data[i * 3 + 1] = colour?.[1] ?? 0;
    data[i * 3 + 2] = colour?.[2] ?? 0;
  }
  return { data, width, height, channels: 3 };
}

/** Follows the runs to the end of the bitmap, writing palette indices into `indices` when given. */
function walkRle(bytes: Buffer, layout: Layout, indices: Uint8Array | undefined): void {
  const { width, height } = layout;
  const four = layout.compression === BI_RLE4;
  let x = 0;
  let y = height - 1;
  let at = layout.pixelOffset;
  const put = (index: number) => {
    if (indices && x < width && y >= 0) indices[y * width + x] = index;
    x += 1;
  };
  for (;;) {
    if (at + 1 >= bytes.length)
      throw new BmpError("corrupt", "the BMP is truncated: its run-length data stops early");
    const count = bytes[at] ?? 0;
    const value = bytes[at + 1] ?? 0;
    at += 2;
    if (count > 0) {
      for (let i = 0; i < count; i++) put(four ? (i & 1 ? value & 0x0f : value >> 4) : value);
      continue;
    }
    if (value === 0) {
      x = 0;
      y -= 1;
    } else if (value === 1) {
      break;
    } else if (value === 2) {
      if (at + 1 >= bytes.length)
        throw new BmpError("corrupt", "the BMP is truncated inside a run-length delta");
      x += bytes[at] ?? 0;
      y -= bytes[at + 1] ?? 0;
      at += 2;
    } else {
      const length = four ? Math.ceil(value / 2) : value;
      if (at + length > bytes.length)
        throw new BmpError("corrupt", "the BMP is truncated inside a literal run");
      for (let i = 0; i < value; i++) {
        const byte = bytes[at + (four ? i >> 1 : i)] ?? 0;
        put(four ? (i & 1 ? byte & 0x0f : byte >> 4) : byte);
      }
      at += length + (length & 1);
    }
    if (y < 0) break;
  }
}
