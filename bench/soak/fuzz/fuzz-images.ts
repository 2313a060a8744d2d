import sharp from "sharp";
import { pngHeaderClaiming } from "../../../test/support/huge-png.js";
import { makePoster } from "../../../test/support/posters.js";

export interface FuzzImage {
  name: string;
  bytes: Buffer;
  contentType: string;
}

/** A JPEG whose SOF0 header claims width×height, nothing decodable after it. */
function jpegHeaderClaiming(width: number, height: number): Buffer {
  const sof = Buffer.from([
    0xff, 0xc0, 0x00, 0x11, 0x08, 0, 0, 0, 0, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
  ]);
  sof.writeUInt16BE(height, 5);
  sof.writeUInt16BE(width, 7);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), sof, Buffer.from([0xff, 0xd9])]);
}

async function animated(format: "gif" | "webp"): Promise<Buffer> {
  const frames = await Promise.all(
    [0, 1, 2].map((i) =>
      sharp({ create: { width: 600, height: 900, channels: 3, background: { r: 80 * i, g: 40, b: 200 } } })
        .png()
        .toBuffer(),
    ),
  );
  const joined = sharp(frames, { join: { animated: true } });
  return format === "gif"
    ? joined.gif({ loop: 0, delay: 100 }).toBuffer()
    : joined.webp({ loop: 0 }).toBuffer();
}

/** The hostile and unusual images the fuzz serves; each is fetched by the server under test. */
export async function fuzzImages(): Promise<FuzzImage[]> {
  const jpeg = await makePoster(7, 600, 900);
  const png = await makePoster(8, 600, 900, "png");
  const solid = (width: number, height: number) =>
    sharp({
      create: { width, height, channels: 3, background: { r: 10, g: 20, b: 30 } },
      limitInputPixels: false,
    });
  const images: FuzzImage[] = [
    { name: "ok.jpg", bytes: jpeg, contentType: "image/jpeg" },
    { name: "ok.png", bytes: png, contentType: "image/png" },
    { name: "truncated-half.jpg", bytes: jpeg.subarray(0, jpeg.length >> 1), contentType: "image/jpeg" },
    { name: "truncated-header.jpg", bytes: jpeg.subarray(0, 40), contentType: "image/jpeg" },
    { name: "truncated.png", bytes: png.subarray(0, png.length >> 1), contentType: "image/png" },
    { name: "empty.jpg", bytes: Buffer.alloc(0), contentType: "image/jpeg" },
    {
      name: "wrong-magic.png",
      bytes: Buffer.concat([png.subarray(0, 8), jpeg.subarray(8)]),
      contentType: "image/png",
    },
    {
      name: "jpeg-with-png-magic.jpg",
      bytes: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), jpeg.subarray(4)]),
      contentType: "image/jpeg",
    },
    {
      name: "gif-header-junk.gif",
      bytes: Buffer.from("GIF89a\xff\xff\xff\xffjunkjunk", "latin1"),
      contentType: "image/gif",
    },
    { name: "html.jpg", bytes: Buffer.from("<!doctype html><p>no</p>"), contentType: "image/jpeg" },
    { name: "png-claims-huge.png", bytes: pngHeaderClaiming(100_000, 100_000), contentType: "image/png" },
    { name: "png-claims-wide.png", bytes: pngHeaderClaiming(2_000_000, 1), contentType: "image/png" },
    { name: "jpeg-claims-huge.jpg", bytes: jpegHeaderClaiming(65_535, 65_535), contentType: "image/jpeg" },
    { name: "jpeg-claims-zero.jpg", bytes: jpegHeaderClaiming(0, 0), contentType: "image/jpeg" },
    // A decompression bomb: 121 megapixels of one colour, a few hundred kilobytes of PNG.
    {
      name: "bomb-121mp.png",
      bytes: await solid(11_000, 11_000).png({ compressionLevel: 9 }).toBuffer(),
      contentType: "image/png",
    },
    // Just under MAX_IMAGE_PIXELS (100 MP): decoded for real, the memory bound's test.
    {
      name: "near-limit-81mp.png",
      bytes: await solid(9_000, 9_000).png({ compressionLevel: 9 }).toBuffer(),
      contentType: "image/png",
    },
    { name: "animated.gif", bytes: await animated("gif"), contentType: "image/gif" },
    { name: "animated.webp", bytes: await animated("webp"), contentType: "image/webp" },
    {
      name: "cmyk.jpg",
      bytes: await sharp(jpeg).toColourspace("cmyk").jpeg().toBuffer(),
      contentType: "image/jpeg",
    },
    {
      name: "sixteen-bit.png",
      bytes: await sharp(png).toColourspace("rgb16").png().toBuffer(),
      contentType: "image/png",
    },
    { name: "grey.png", bytes: await sharp(png).greyscale().png().toBuffer(), contentType: "image/png" },
    {
      name: "alpha.png",
      bytes: await sharp(png).ensureAlpha(0.5).png().toBuffer(),
      contentType: "image/png",
    },
    { name: "poster.webp", bytes: await sharp(jpeg).webp().toBuffer(), contentType: "image/webp" },
    { name: "poster.tiff", bytes: await sharp(jpeg).tiff().toBuffer(), contentType: "image/tiff" },
    {
      name: "poster.avif",
      bytes: await sharp(jpeg).resize(300, 450).avif({ effort: 0 }).toBuffer(),
      contentType: "image/avif",
    },
    {
      name: "external.svg",
      bytes: Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="600" height="900">' +
          '<image xlink:href="http://127.0.0.1:9/x.png" width="600" height="900"/></svg>',
      ),
      contentType: "image/svg+xml",
    },
    { name: "tiny.png", bytes: await solid(1, 1).png().toBuffer(), contentType: "image/png" },
    {
      name: "exif-rotated.jpg",
      bytes: await sharp(jpeg).withMetadata({ orientation: 6 }).jpeg().toBuffer(),
      contentType: "image/jpeg",
    },
  ];
  return images;
}
