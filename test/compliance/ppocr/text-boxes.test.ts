import { describe, expect, it } from "vitest";
import {
  DEFAULT_TEXT_BOX_SETTINGS,
  type ProbabilityMap,
  textBoxes,
} from "../../../src/compliance/detectors/ppocr/text-boxes.js";

const WIDTH = 100;
const HEIGHT = 60;

function blankMap(): ProbabilityMap {
  return { data: new Float32Array(WIDTH * HEIGHT), width: WIDTH, height: HEIGHT };
}

function paint(
  map: ProbabilityMap,
  x0: number,
  y0: number,
  width: number,
  height: number,
  value: number,
): void {
  for (let y = y0; y < y0 + height; y++) {
    for (let x = x0; x < x0 + width; x++) map.data[y * map.width + x] = value;
  }
}

/**
 * Two bars 30 × 8 (DB's shrunk text), a wide faint blob and a one-pixel speck. The unclip
 * distance of a 30 × 8 region is 30 · 8 · 1.5 / (2 · (30 + 8)) ≈ 4.74 px.
 */
function poster(): ProbabilityMap {
  const map = blankMap();
  paint(map, 10, 10, 30, 8, 0.9);
  paint(map, 60, 10, 30, 8, 0.8);
  paint(map, 10, 35, 40, 10, 0.45);
  paint(map, 80, 50, 1, 1, 0.99);
  return map;
}

describe("textBoxes (DB post-processing)", () => {
  it("finds two separated bars as two boxes, grown by the unclip distance, surest first", () => {
    const found = textBoxes(poster());
    expect(found.map((b) => b.box)).toEqual([
      { x: 5, y: 5, width: 40, height: 18 },
      { x: 55, y: 5, width: 40, height: 18 },
    ]);
    expect(found[0]?.score).toBeCloseTo(0.9, 5);
    expect(found[1]?.score).toBeCloseTo(0.8, 5);
  });

  it("drops a region whose mean probability is under the box threshold", () => {
    const lenient = textBoxes(poster(), { ...DEFAULT_TEXT_BOX_SETTINGS, boxThreshold: 0.4 });
    // The faint blob is a region; only the default threshold drops it.
    expect(lenient).toHaveLength(3);
    expect(lenient.some((b) => b.box.y > 25 && b.box.y < 40)).toBe(true);
    expect(textBoxes(poster()).some((b) => b.box.y > 25)).toBe(false);
  });

  it("drops a speck smaller than the minimum side however sure", () => {
    const map = blankMap();
    paint(map, 50, 30, 1, 1, 1);
    paint(map, 10, 10, 2, 20, 1);
    expect(textBoxes(map)).toEqual([]);
    paint(map, 50, 30, 3, 3, 1);
    expect(textBoxes(map)).toHaveLength(1);
  });

  it("joins pixels touching at a corner into one region", () => {
    const map = blankMap();
    paint(map, 10, 10, 10, 5, 0.9);
    paint(map, 20, 15, 10, 5, 0.9);
    const found = textBoxes(map);
    expect(found).toHaveLength(1);
    expect(found[0]?.box.x).toBeLessThan(10);
    expect((found[0]?.box.x ?? 0) + (found[0]?.box.width ?? 0)).toBeGreaterThan(30);
  });

  it("keeps a grown box inside the map", () => {
    const map = blankMap();
    paint(map, 0, 0, 30, 8, 0.9);
    paint(map, WIDTH - 30, HEIGHT - 8, 30, 8, 0.9);
    for (const { box } of textBoxes(map)) {
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(WIDTH);
      expect(box.y + box.height).toBeLessThanOrEqual(HEIGHT);
    }
  });

  it("keeps at most maxBoxes, the surest", () => {
    const found = textBoxes(poster(), { ...DEFAULT_TEXT_BOX_SETTINGS, maxBoxes: 1 });
    expect(found).toHaveLength(1);
    expect(found[0]?.score).toBeCloseTo(0.9, 5);
  });
});
