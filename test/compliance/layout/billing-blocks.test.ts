import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { findBillingBlocks } from "../../../src/compliance/detectors/layout/billing-blocks.js";

const WIDTH = 1000;
const HEIGHT = 1500;

/** Billing rows: small condensed capitals, as studios set them under the title. */
const BILLING_ROWS = [
  "WARNER BROS PICTURES PRESENTS A JANE DOE FILM",
  "A FILM BY JANE DOE PRODUCED BY JOHN ROE",
  "MUSIC BY ANN LEE EDITED BY MARK POE",
  "DIRECTED BY JANE DOE WRITTEN BY SAM HILL",
];

interface BlockDrawing {
  rows?: readonly string[];
  /** Font size in px (18 px capitals are about 0.9 % of the height). */
  size?: number;
  /** Where the rows are anchored: the centre line, or the left margin. */
  anchor?: "middle" | "start";
  /** Baseline of the first row. */
  top?: number;
  /** Colour of the rows' type. */
  fill?: string;
  /** Baseline and font size of the title line. */
  titleBaseline?: number;
  titleSize?: number;
}

/** A dark poster with its title and, optionally, a block of billing rows near the foot. */
function posterSvg(block?: BlockDrawing): string {
  const size = block?.size ?? 18;
  const anchor = block?.anchor ?? "middle";
  const x = anchor === "middle" ? WIDTH / 2 : 60;
  const top = block?.top ?? 1300;
  const rows = (block ? (block.rows ?? BILLING_ROWS) : [])
    .map(
      (row, i) =>
        `<text x="${x}" y="${top + i * Math.round(size * 1.3)}" font-family="DejaVu Sans Condensed" font-stretch="condensed" font-size="${size}" letter-spacing="0.5" fill="${block?.fill ?? "#e0e0e0"}" text-anchor="${anchor}">${row}</text>`,
    )
    .join("\n");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">
  <rect width="100%" height="100%" fill="#0d1117"/>
  <text x="500" y="${block?.titleBaseline ?? 420}" font-family="DejaVu Sans" font-weight="bold" font-size="${block?.titleSize ?? 84}" fill="#f2e6c8"
    text-anchor="middle">THE LAST HARBOR</text>
  ${rows}
</svg>`;
}

const png = (svg: string) => sharp(Buffer.from(svg)).png().toBuffer();

/** A deterministic generator (mulberry32), so the noise is the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A mid-grey poster whose lower third is grain: every pixel ±`amplitude` grey levels at random. */
async function grainyPoster(seed: number, amplitude: number): Promise<Buffer> {
  const next = random(seed);
  const raw = Buffer.alloc(WIDTH * HEIGHT * 3, 90);
  for (let y = Math.floor(HEIGHT * 0.66); y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const value = Math.max(0, Math.min(255, Math.round(90 + (next() * 2 - 1) * amplitude)));
      raw.fill(value, (y * WIDTH + x) * 3, (y * WIDTH + x) * 3 + 3);
    }
  }
  return sharp(raw, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
    .png()
    .toBuffer();
}

describe("findBillingBlocks", () => {
  it("finds four stacked centred rows of small condensed capitals near the foot as one block", async () => {
    const blocks = await findBillingBlocks(await png(posterSvg({})));
    expect(blocks).toHaveLength(1);
    const [block] = blocks;
    expect(block?.rows).toBeGreaterThanOrEqual(3);
    expect(block?.rows).toBeLessThanOrEqual(4);
    // In poster pixels, around where the rows are drawn (baselines 1300–1369, centred).
    const box = block?.box ?? { x: 0, y: 0, width: 0, height: 0 };
    expect(box.y).toBeGreaterThan(1250);
    expect(box.y + box.height).toBeLessThan(1400);
    expect(box.x).toBeGreaterThan(100);
    expect(box.x + box.width).toBeLessThan(900);
    expect(Math.abs(box.x + box.width / 2 - WIDTH / 2)).toBeLessThan(60);
    // Capitals of 18 px type are ~13 px: under 1 % of the height.
    expect(block?.letterHeightShare).toBeGreaterThan(0.005);
    expect(block?.letterHeightShare).toBeLessThan(0.015);
  });

  it("finds the block in a smaller copy of the poster, in that copy's pixels", async () => {
    const small = await sharp(await png(posterSvg({ size: 22 })))
      .resize(WIDTH / 2)
      .png()
      .toBuffer();
    const blocks = await findBillingBlocks(small);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]?.box.y).toBeGreaterThan(600);
    expect((blocks[0]?.box.y ?? 0) + (blocks[0]?.box.height ?? 0)).toBeLessThanOrEqual(HEIGHT / 2);
  });

  it("finds nothing on a poster with only its title", async () => {
    expect(await findBillingBlocks(await png(posterSvg()))).toEqual([]);
  });

  it("finds nothing in two rows of small type (too often texture)", async () => {
    expect(await findBillingBlocks(await png(posterSvg({ rows: BILLING_ROWS.slice(0, 2) })))).toEqual([]);
  });

  it("finds nothing in rows set against the left margin (billing blocks are centred)", async () => {
    expect(await findBillingBlocks(await png(posterSvg({ anchor: "start" })))).toEqual([]);
  });

  it("finds nothing in rows high on the poster, above the foot", async () => {
    expect(await findBillingBlocks(await png(posterSvg({ top: 600 })))).toEqual([]);
  });

  it.each([
    [1, 30],
    [2, 60],
    [3, 90],
  ])("finds nothing in film grain at the foot (seed %i, ±%i grey levels)", async (seed, amplitude) => {
    expect(await findBillingBlocks(await grainyPoster(seed, amplitude))).toEqual([]);
  });

  // Seeds whose full-contrast static once stacked into a 3–4 row "block" of few letters.
  it.each([3, 9, 10])("finds nothing in full-contrast static at the foot (seed %i, ±128)", async (seed) => {
    expect(await findBillingBlocks(await grainyPoster(seed, 128))).toEqual([]);
  });

  it("finds billing type printed dim on dark art (about 20 grey levels above its dark ground)", async () => {
    const blocks = await findBillingBlocks(await png(posterSvg({ fill: "#23282e" })));
    expect(blocks).toHaveLength(1);
    expect(blocks[0]?.box.y).toBeGreaterThan(1250);
  });

  it("keeps a title line set just above the block, in type small enough to pass for billing, out of it", async () => {
    const blocks = await findBillingBlocks(await png(posterSvg({ titleBaseline: 1262, titleSize: 44 })));
    expect(blocks).toHaveLength(1);
    expect(blocks[0]?.box.y).toBeGreaterThan(1270);
    expect(blocks[0]?.letterHeightShare).toBeLessThan(0.015);
  });
});
