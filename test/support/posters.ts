import sharp from "sharp";

/**
 * A sharp, detailed, compliant-looking poster: seeded noise under coloured shapes, 2:3.
 * Each seed gives different bytes.
 */
export async function makePoster(seed: number, width = 1000, height = 1500, format: "jpeg" | "png" = "jpeg") {
  const tileW = 100;
  const tileH = 150;
  const noise = Buffer.alloc(tileW * tileH * 3);
  let state = seed * 2654435761 + 1;
  for (let i = 0; i < noise.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    noise[i] = state >>> 24;
  }
  const shapes = Array.from({ length: 12 }, (_, i) => {
    const x = ((seed * 37 + i * 97) % 90) * (width / 100);
    const y = ((seed * 53 + i * 61) % 90) * (height / 100);
    const hue = (seed * 29 + i * 47) % 360;
    return `<rect x="${x}" y="${y}" width="${width / 6}" height="${height / 9}" fill="hsl(${hue},70%,50%)"/>`;
  }).join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${shapes}</svg>`;
  const base = sharp(noise, { raw: { width: tileW, height: tileH, channels: 3 } }).resize(width, height, {
    kernel: "nearest",
  });
  const composed = base.composite([{ input: Buffer.from(svg) }]);
  return format === "png" ? composed.png().toBuffer() : composed.jpeg({ quality: 85 }).toBuffer();
}
