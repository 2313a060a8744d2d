import { fileURLToPath } from "node:url";
import sharp, { type OverlayOptions } from "sharp";
import type { Box } from "../../src/domain/violation.js";
import type { DrawnText } from "./eval-case.js";
import { mulberry32 } from "./random.js";

/** Real photos (PDQ reference suite, BSD licence) in the test fixtures. */
export function photoPath(photo: string): string {
  return fileURLToPath(new URL(`../../test/fixtures/pdq/${photo}`, import.meta.url));
}

export interface Font {
  family: "DejaVu Sans" | "DejaVu Serif" | "DejaVu Sans Mono" | "DejaVu Sans Condensed";
  weight: "normal" | "bold";
  italic?: boolean;
}

/** plain: text only; shadow: a soft contrasting shadow; outline: a contrasting stroke; band: a plate behind. */
export type TextStyle = "plain" | "shadow" | "outline" | "band";

export interface TextSpec {
  text: string;
  font: Font;
  /** Font size in pixels (shrunk when the line would not fit the width). */
  size: number;
  /** Top of the line's strip, as a fraction of the image height. */
  top: number;
  align: "left" | "center" | "right";
  /** Text colour; by default one that contrasts with what lies under the line. */
  color?: string;
  /** By default plain, or shadow or band over busy texture, as a designer keeps text legible. */
  style?: TextStyle;
}

export type Background =
  | { kind: "flat"; color: string }
  | { kind: "gradient"; from: string; to: string; angle: number }
  | { kind: "photo"; photo: string; flop?: boolean; rotate?: 0 | 90 | 180 | 270 };

export interface CanvasSpec {
  width: number;
  height: number;
  background: Background;
  /** Amplitude (grey levels) of a fine film grain over the background; 0 for none. */
  grain: number;
  /** Side of a grain block in pixels (3 by default); 1 makes per-pixel noise that does not compress. */
  grainBlock?: number;
  seed: number;
  lines: TextSpec[];
}

/** An RGB image in memory with the text drawn on it. */
export interface Painted {
  raw: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
  lines: DrawnText[];
}

const LIGHT_COLOURS = ["#ffffff", "#f6ecd0", "#ffd84a", "#7fe0ff", "#ffb199"];
const DARK_COLOURS = ["#101010", "#1b2756", "#6b0f16", "#103a22", "#3a1d5c"];
const GRAIN_BLOCK = 3;

export async function paint(spec: CanvasSpec): Promise<Painted> {
  const background = await paintBackground(spec);
  addGrain(background, spec.width, spec.height, spec.grain, spec.grainBlock ?? GRAIN_BLOCK, spec.seed);
  const random = mulberry32(spec.seed * 7919 + 17);
  const layers: OverlayOptions[] = [];
  const lines: DrawnText[] = [];
  for (const line of spec.lines) {
    const drawn = await drawLine(background, spec.width, spec.height, line, random);
    layers.push(...drawn.layers);
    lines.push({ text: line.text, box: drawn.box });
  }
  const raw = await sharp(background, { raw: { width: spec.width, height: spec.height, channels: 3 } })
    .composite(layers)
    .removeAlpha()
    .raw()
    .toBuffer();
  return { raw, width: spec.width, height: spec.height, channels: 3, lines };
}

/** Text alone on a transparent canvas (title art). */
export async function paintTransparent(
  width: number,
  height: number,
  lines: TextSpec[],
  seed: number,
): Promise<Painted> {
  const random = mulberry32(seed);
  const layers: OverlayOptions[] = [];
  const drawn: DrawnText[] = [];
  for (const line of lines) {
    const ink = await placeLine(width, height, line);
    const color = line.color ?? pick(LIGHT_COLOURS, random);
    layers.push({
      input: Buffer.from(strip(width, ink, textElement(line, ink, color))),
      left: 0,
      top: ink.top,
    });
    drawn.push({ text: line.text, box: ink.box });
  }
  const raw = await sharp({
    create: { width, height, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
  })
    .composite(layers)
    .raw()
    .toBuffer();
  return { raw, width, height, channels: 4, lines: drawn };
}

export function sharpOf(painted: Painted) {
  return sharp(painted.raw, {
    raw: { width: painted.width, height: painted.height, channels: painted.channels },
  });
}

async function paintBackground(spec: CanvasSpec): Promise<Buffer> {
  const { width, height, background } = spec;
  if (background.kind === "photo") {
    let image = sharp(photoPath(background.photo));
    if (background.rotate) image = sharp(await image.rotate(background.rotate).toBuffer());
    if (background.flop) image = image.flop();
    return image.resize(width, height, { fit: "cover" }).removeAlpha().toColourspace("srgb").raw().toBuffer();
  }
  const from = rgb(background.kind === "flat" ? background.color : background.from);
  const to = background.kind === "flat" ? from : rgb(background.to);
  const angle = background.kind === "gradient" ? (background.angle * Math.PI) / 180 : 0;
  const [dx, dy] = [Math.cos(angle), Math.sin(angle)];
  const span = Math.abs(dx) * width + Math.abs(dy) * height;
  const offset = Math.min(0, dx * width) + Math.min(0, dy * height);
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0, at = 0; y < height; y++) {
    for (let x = 0; x < width; x++, at += 3) {
      const t = span > 0 ? (dx * x + dy * y - offset) / span : 0;
      raw[at] = from[0] + (to[0] - from[0]) * t;
      raw[at + 1] = from[1] + (to[1] - from[1]) * t;
      raw[at + 2] = from[2] + (to[2] - from[2]) * t;
    }
  }
  return raw;
}

/** Film grain in blocks of a few pixels: fine detail, as scanned or rendered key art carries. */
function addGrain(
  raw: Buffer,
  width: number,
  height: number,
  amplitude: number,
  block: number,
  seed: number,
): void {
  if (amplitude <= 0) return;
  const random = mulberry32(seed);
  const tileWidth = Math.ceil(width / block);
  const tile = new Int16Array(tileWidth * Math.ceil(height / block));
  for (let i = 0; i < tile.length; i++) tile[i] = Math.round((random() * 2 - 1) * amplitude);
  for (let y = 0, at = 0; y < height; y++) {
    const row = Math.floor(y / block) * tileWidth;
    for (let x = 0; x < width; x++, at += 3) {
      const delta = tile[row + Math.floor(x / block)] ?? 0;
      raw[at] = clamp((raw[at] ?? 0) + delta);
      raw[at + 1] = clamp((raw[at + 1] ?? 0) + delta);
      raw[at + 2] = clamp((raw[at + 2] ?? 0) + delta);
    }
  }
}

interface PlacedLine {
  line: TextSpec;
  top: number;
  stripHeight: number;
  baseline: number;
  box: Box;
}

/** Where a line's strip goes and where its ink lands, shrinking the font until the line fits. */
async function placeLine(width: number, height: number, wanted: TextSpec): Promise<PlacedLine> {
  let line = wanted;
  for (let attempt = 0; ; attempt++) {
    const stripHeight = Math.ceil(line.size * 1.6);
    const top = Math.max(0, Math.min(Math.round(line.top * height), height - stripHeight));
    const baseline = Math.round(line.size * 1.2);
    const probe = { line, top, stripHeight, baseline, box: { x: 0, y: 0, width: 0, height: 0 } };
    const ink = await inkBox(strip(width, probe, textElement(line, probe, "#fff")), width, stripHeight);
    const fits = ink.x >= width * 0.03 && ink.x + ink.width <= width * 0.97;
    if (fits || attempt >= 6) return { ...probe, box: { ...ink, y: ink.y + top } };
    line = { ...line, size: Math.floor(line.size * 0.9) };
  }
}

interface DrawnLayers {
  layers: OverlayOptions[];
  box: Box;
}

async function drawLine(
  background: Buffer,
  width: number,
  height: number,
  line: TextSpec,
  random: () => number,
): Promise<DrawnLayers> {
  const placed = await placeLine(width, height, line);
  const under = luminance(background, width, placed.box);
  const { style, plate, color } = legibleStyle(line, under, random);
  const onDark = plate ? plate === "#000000" : under.mean < 128;
  const contrast = onDark ? "#000000" : "#ffffff";
  const parts: string[] = [];
  if (plate) {
    const pad = Math.round(placed.line.size * 0.3);
    const { box } = placed;
    parts.push(
      `<rect x="${box.x - pad}" y="${Math.max(0, box.y - placed.top - pad)}" width="${box.width + 2 * pad}" ` +
        `height="${Math.min(placed.stripHeight, box.height + 2 * pad)}" rx="${pad}" fill="${plate}" opacity="0.9"/>`,
    );
  }
  if (style === "shadow") {
    const blur = Math.max(2, Math.round(placed.line.size * 0.05));
    parts.push(
      `<filter id="s"><feGaussianBlur stdDeviation="${blur}"/></filter>`,
      textElement(placed.line, placed, contrast, blur, 'filter="url(#s)" opacity="0.85"'),
    );
  }
  const stroke =
    style === "outline"
      ? `stroke="${contrast}" stroke-width="${Math.max(1, Math.round(placed.line.size / 30))}" paint-order="stroke"`
      : "";
  parts.push(textElement(placed.line, placed, color, 0, stroke));
  return {
    layers: [{ input: Buffer.from(strip(width, placed, parts.join(""))), left: 0, top: placed.top }],
    box: placed.box,
  };
}

/** Busy texture under a line, or too little contrast, gets a plate; some texture a shadow. */
const PLATE_MIN_STDEV = 50;
const SHADOW_MIN_STDEV = 30;
/** Text and background grey levels closer than this are hard to tell apart… */
const MIN_CONTRAST = 90;
/** …and a line where more than this share of the background is that close gets a plate. */
const MAX_CLASH_SHARE = 0.05;

function legibleStyle(
  line: TextSpec,
  under: Under,
  random: () => number,
): { style: TextStyle; plate?: string; color: string } {
  const wanted = line.style ?? "plain";
  const onDark = under.mean < 128;
  const color = line.color ?? pick(onDark ? LIGHT_COLOURS : DARK_COLOURS, random);
  if (wanted === "band" || under.stdev > PLATE_MIN_STDEV || clashShare(under, color) > MAX_CLASH_SHARE) {
    const plate = onDark ? "#000000" : "#ffffff";
    const onPlate = line.color ?? pick(plate === "#000000" ? LIGHT_COLOURS : DARK_COLOURS, random);
    return { style: "band", plate, color: onPlate };
  }
  if (wanted === "plain" && under.stdev > SHADOW_MIN_STDEV) return { style: "shadow", color };
  return { style: wanted, color };
}

function lumaOf(hex: string): number {
  const [r, g, b] = rgb(hex);
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

function strip(width: number, placed: Pick<PlacedLine, "stripHeight">, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${placed.stripHeight}">${body}</svg>`;
}

function textElement(
  line: TextSpec,
  placed: Pick<PlacedLine, "baseline">,
  color: string,
  offset = 0,
  extra = "",
): string {
  const anchor = { left: "start", center: "middle", right: "end" }[line.align];
  const x = { left: "6%", center: "50%", right: "94%" }[line.align];
  const style = line.font.italic ? 'font-style="italic"' : "";
  return (
    `<text x="${x}" y="${placed.baseline + offset}" dx="${offset}" text-anchor="${anchor}" ` +
    `font-family="${line.font.family}" font-weight="${line.font.weight}" ${style} font-size="${line.size}" ` +
    `fill="${color}" ${extra}>${escapeXml(line.text)}</text>`
  );
}

function escapeXml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** The bounding box of the pixels a transparent layer inks. */
async function inkBox(svg: string, width: number, height: number): Promise<Box> {
  const { data, info } = await sharp(Buffer.from(svg))
    .resize(width, height)
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  let [minX, minY, maxX, maxY] = [info.width, info.height, -1, -1];
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      if ((data[(y * info.width + x) * info.channels + 3] ?? 0) < 96) continue;
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
  }
  if (maxX < 0) throw new Error("a line rendered no ink");
  return { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
}

interface Under {
  mean: number;
  stdev: number;
  /** Grey levels of the pixels under the line, for checking a colour against each. */
  lumas: Float32Array;
}

function luminance(raw: Buffer, width: number, box: Box): Under {
  const lumas = new Float32Array(box.width * box.height);
  let [sum, sumOfSquares, count] = [0, 0, 0];
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let x = box.x; x < box.x + box.width; x++) {
      const at = (y * width + x) * 3;
      const luma = 0.299 * (raw[at] ?? 0) + 0.587 * (raw[at + 1] ?? 0) + 0.114 * (raw[at + 2] ?? 0);
      lumas[count++] = luma;
      sum += luma;
      sumOfSquares += luma * luma;
    }
  }
  const mean = count > 0 ? sum / count : 128;
  return { mean, stdev: count > 0 ? Math.sqrt(Math.max(0, sumOfSquares / count - mean * mean)) : 0, lumas };
}

/** Share of the pixels under a line whose grey is too close to the text's to tell apart. */
function clashShare(under: Under, color: string): number {
  const luma = lumaOf(color);
  let close = 0;
  for (const value of under.lumas) if (Math.abs(value - luma) < MIN_CONTRAST) close++;
  return under.lumas.length > 0 ? close / under.lumas.length : 0;
}

function rgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [value >> 16, (value >> 8) & 0xff, value & 0xff];
}

function clamp(value: number): number {
  return Math.max(0, Math.min(255, value));
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}
