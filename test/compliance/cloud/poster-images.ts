import sharp from "sharp";

/** A small synthetic poster: a gradient with a few shapes, in the format asked for. */
export async function poster(
  width: number,
  height: number,
  format: "jpeg" | "png" | "webp" | "gif" | "tiff" = "jpeg",
): Promise<Buffer> {
  const svg = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1">` +
      `<stop offset="0" stop-color="#1d3557"/><stop offset="1" stop-color="#e63946"/></linearGradient></defs>` +
      `<rect width="100%" height="100%" fill="url(#g)"/>` +
      `<circle cx="${width / 2}" cy="${height / 3}" r="${width / 5}" fill="#f1faee"/>` +
      `<rect x="${width / 10}" y="${height * 0.75}" width="${width * 0.8}" height="${height / 10}" fill="#a8dadc"/>` +
      "</svg>",
  );
  return sharp(svg).toFormat(format).toBuffer();
}
