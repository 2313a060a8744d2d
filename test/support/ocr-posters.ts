import { fileURLToPath } from "node:url";
import sharp, { type OverlayOptions, type Region } from "sharp";
import type { Box } from "../../src/domain/violation.js";

/** Real photos (PDQ reference suite, BSD licence) used as poster backgrounds. */
export const PHOTOS = ["bridge-1-original.jpg", "q0291.jpg", "q0746.jpg", "q1050.jpg", "q2821.jpg"] as const;
export type Photo = (typeof PHOTOS)[number];

export function photoPath(photo: Photo): string {
  return fileURLToPath(new URL(`../fixtures/pdq/${photo}`, import.meta.url));
}

export interface FontSpec {
  family: "DejaVu Sans" | "DejaVu Serif" | "DejaVu Sans Condensed" | "DejaVu Sans Mono";
  weight: "normal" | "bold";
}

/** plain: text only; shadow: text with a soft contrasting shadow; band: text on a solid plate. */
export type LineStyle = "plain" | "shadow" | "band";

export interface LineSpec {
  text: string;
  font: FontSpec;
  sizePx: number;
  /** Top of the line's strip, as a fraction of the poster height. */
  top: number;
  align: "left" | "center" | "right";
  style: LineStyle;
  /** Text colour; by default it contrasts with the photo under the line. */
  color?: string;
}

export interface BackgroundSpec {
  photo: Photo;
  flop?: boolean;
  /** Rotate the photo before cropping it to the poster, for another composition. */
  rotate?: 0 | 90 | 180 | 270;
}

export interface PosterSpec {
  width: number;
  height: number;
  background: BackgroundSpec;
  lines: LineSpec[];
}

export interface DrawnLine {
  text: string;
  /** The inked pixels of the text, in poster pixels. */
  box: Box;
  style: LineStyle;
  sizePx: number;
}

export interface RenderedPoster {
  bytes: Buffer;
  width: number;
  height: number;
  lines: DrawnLine[];
}

/** Case-insensitive, whitespace-collapsed form used to compare what was drawn with what was read. */
export function normaliseText(text: string): string {
  return text.toUpperCase().replace(/\s+/g, " ").trim();
}

export async function renderBackground(spec: BackgroundSpec, width: number, height: number): Promise<Buffer> {
  let image = sharp(photoPath(spec.photo));
  if (spec.rotate) image = sharp(await image.rotate(spec.rotate).toBuffer());
  if (spec.flop) image = image.flop();
  return image.resize(width, height, { fit: "cover" }).removeAlpha().png({ compressionLevel: 1 }).toBuffer();
}

/** Draws the lines over the photo and returns the JPEG with where each line's ink landed. */
export async function renderPoster(spec: PosterSpec): Promise<RenderedPoster> {
  const background = await renderBackground(spec.background, spec.width, spec.height);
  const layers: OverlayOptions[] = [];
  const lines: DrawnLine[] = [];
  for (const line of spec.lines) {
    const drawn = await renderLine(background, spec.width, spec.height, line);
    layers.push(...drawn.layers);
    lines.push({ text: line.text, box: drawn.box, style: drawn.style, sizePx: line.sizePx });
  }
  const bytes = await sharp(background).composite(layers).jpeg({ quality: 90 }).toBuffer();
  return { bytes, width: spec.width, height: spec.height, lines };
}

interface RenderedLine {
  layers: OverlayOptions[];
  box: Box;
  style: LineStyle;
}

async function renderLine(
  background: Buffer,
  width: number,
  height: number,
  line: LineSpec,
): Promise<RenderedLine> {
  const stripHeight = Math.ceil(line.sizePx * 1.6);
  const stripTop = Math.min(Math.round(line.top * height), height - stripHeight);
  const baseline = Math.round(line.sizePx * 1.2);
  const probe = await sharp(
    Buffer.from(svg(width, stripHeight, textElement(line, width, baseline, "#fff", 0))),
  )
    .png()
    .toBuffer();
  const ink = await inkBox(probe);
  const box = { ...ink, y: ink.y + stripTop };
  const under = await luminanceStats(background, {
    left: box.x,
    top: box.y,
    width: box.width,
    height: box.height,
  });
  const style = legibleStyle(line.style, under.stdev);
  const onDark = style === "band" ? isDarkColor(bandColor(line)) : under.mean < 128;
  const color = line.color ?? (onDark ? "#ffffff" : "#111111");
  const textSvg = svg(width, stripHeight, textElement(line, width, baseline, color, 0));
  const textLayer = await sharp(Buffer.from(textSvg)).png().toBuffer();
  const layers: OverlayOptions[] = [];
  if (style === "shadow") {
    const offset = Math.max(2, Math.round(line.sizePx * 0.05));
    const shadowColor = onDark ? "#000000" : "#ffffff";
    const shadow = svg(
      width,
      stripHeight,
      `<filter id="s"><feGaussianBlur stdDeviation="${offset}"/></filter>` +
        textElement(line, width, baseline, shadowColor, offset, 'filter="url(#s)" opacity="0.85"'),
    );
    layers.push({ input: Buffer.from(shadow), left: 0, top: stripTop });
  }
  if (style === "band") {
    const pad = Math.round(line.sizePx * 0.3);
    const plate = svg(
      width,
      stripHeight,
      `<rect x="${ink.x - pad}" y="${Math.max(0, ink.y - pad)}" width="${ink.width + 2 * pad}" height="${Math.min(stripHeight, ink.height + 2 * pad)}" rx="${pad}" fill="${bandColor(line)}" opacity="0.9"/>`,
    );
    layers.push({ input: Buffer.from(plate), left: 0, top: stripTop });
  }
  layers.push({ input: textLayer, left: 0, top: stripTop });
  return { layers, box, style };
}

/** A designer keeps text legible: busy texture under a line gets a shadow, very busy texture a plate. */
function legibleStyle(wanted: LineStyle, stdev: number): LineStyle {
  if (wanted === "band" || stdev > 70) return "band";
  if (wanted === "shadow" || stdev > 50) return "shadow";
  return "plain";
}

function bandColor(line: LineSpec): string {
  const plates = ["#c8102e", "#000000", "#f5f5f5", "#1d3f8f"];
  return plates[line.text.length % plates.length] ?? "#000000";
}

function isDarkColor(hex: string): boolean {
  const value = Number.parseInt(hex.slice(1), 16);
  const r = value >> 16;
  const g = (value >> 8) & 0xff;
  const b = value & 0xff;
  return 0.299 * r + 0.587 * g + 0.114 * b < 128;
}

function svg(width: number, height: number, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${body}</svg>`;
}

function textElement(
  line: LineSpec,
  width: number,
  baseline: number,
  color: string,
  offset: number,
  extra = "",
): string {
  const margin = Math.round(width * 0.06);
  const x = line.align === "left" ? margin : line.align === "right" ? width - margin : Math.round(width / 2);
  const anchor = line.align === "left" ? "start" : line.align === "right" ? "end" : "middle";
  return (
    `<text x="${x + offset}" y="${baseline + offset}" text-anchor="${anchor}" font-family="${line.font.family}" ` +
    `font-weight="${line.font.weight}" font-size="${line.sizePx}" fill="${color}" ${extra}>${escapeXml(line.text)}</text>`
  );
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

async function luminanceStats(image: Buffer, region: Region): Promise<{ mean: number; stdev: number }> {
  const stats = await sharp(image).extract(region).greyscale().stats();
  return { mean: stats.channels[0]?.mean ?? 128, stdev: stats.channels[0]?.stdev ?? 0 };
}

/** The bounding box of the pixels a transparent layer actually inks. */
async function inkBox(layer: Buffer): Promise<Box> {
  const { data, info } = await sharp(layer).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  let minX = info.width;
  let minY = info.height;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      if ((data[(y * info.width + x) * info.channels + 3] ?? 0) < 96) continue;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  if (maxX < 0) throw new Error("line rendered no ink");
  return { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
}

const TITLES = [
  "THE LAST HARBOR",
  "SILVER CREEK",
  "The Quiet Orchard",
  "MIDNIGHT LANE",
  "DARK WATERS",
  "Northern Lights",
  "IRON VALLEY",
  "The Glass Garden",
  "RED HORIZON",
  "Paper Kingdoms",
];
const TAGLINES = [
  "COMING SOON",
  "NOW STREAMING",
  "Every secret has a price",
  "ALL EPISODES FRIDAY",
  "Based on a true story",
  "NEW SEASON",
  "WINNER BEST DRAMA",
  "In cinemas June 14",
  "STREAM IT TONIGHT",
  "A FILM BY ANNA KORR",
];
const PROMOS = [
  "WWW.STREAMFLIX.COM",
  "ONLY $9.99",
  "FREE TRIAL 30 DAYS",
  "IN 4K HDR",
  "50% OFF TODAY",
  "CALL 555 0199",
  "streamflix.com/harbor",
  "SEASON 2",
  "ONLY $4.99 A MONTH",
  "BOOK YOUR TICKETS",
];
const FONTS: FontSpec[] = [
  { family: "DejaVu Sans", weight: "bold" },
  { family: "DejaVu Serif", weight: "normal" },
  { family: "DejaVu Sans", weight: "normal" },
  { family: "DejaVu Serif", weight: "bold" },
  { family: "DejaVu Sans Condensed", weight: "bold" },
  { family: "DejaVu Sans Mono", weight: "normal" },
];
const STYLES: LineStyle[] = ["plain", "plain", "shadow", "band"];
const ALIGNS: LineSpec["align"][] = ["center", "left", "center", "right"];

/** A deterministic set of posters with three lines each (title, tagline, promo), sizes 2%–7% of the width. */
export function generatePosterSpecs(count: number, width: number, height: number, seed = 1): PosterSpec[] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const specs: PosterSpec[] = [];
  for (let i = 0; i < count; i++) {
    const lines: LineSpec[] = [
      lineSpec(TITLES[i % TITLES.length] as string, 0.05 + random() * 0.02, 0.06 + random() * 0.12),
      lineSpec(
        TAGLINES[(i * 3) % TAGLINES.length] as string,
        0.03 + random() * 0.015,
        0.42 + random() * 0.15,
      ),
      lineSpec(PROMOS[(i * 7) % PROMOS.length] as string, 0.02 + random() * 0.015, 0.8 + random() * 0.1),
    ];
    const background: BackgroundSpec = {
      photo: PHOTOS[i % PHOTOS.length] as Photo,
      flop: random() < 0.5,
      rotate: pick([0, 90, 270] as const),
    };
    specs.push({ width, height, background, lines });
  }
  return specs;

  function lineSpec(text: string, sizeFraction: number, top: number): LineSpec {
    const font = pick(FONTS);
    const widthPerChar = font.family === "DejaVu Sans Mono" ? 0.62 : font.weight === "bold" ? 0.72 : 0.64;
    const fitting = (width * 0.86) / (text.length * widthPerChar);
    const sizePx = Math.round(Math.min(width * sizeFraction, fitting));
    return { text, font, sizePx, top, align: pick(ALIGNS), style: pick(STYLES) };
  }
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
