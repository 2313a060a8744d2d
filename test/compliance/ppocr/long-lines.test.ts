import { describe, expect, it } from "vitest";
import { splitLongBox } from "../../../src/compliance/detectors/ppocr/long-lines.js";
import type { RgbImage } from "../../../src/compliance/detectors/ppocr/rgb-image.js";
import type { Box } from "../../../src/domain/violation.js";

/**
 * An image of "type": every column striped black and white row by row (busy from top to
 * bottom), except the calm columns given, which are plain grey like the gap between words.
 */
function typeImage(width: number, height: number, calm: readonly [number, number][]): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const isCalm = calm.some(([from, to]) => x >= from && x < to);
      const value = isCalm ? 128 : y % 2 === 0 ? 0 : 255;
      data.fill(value, (y * width + x) * 3, (y * width + x) * 3 + 3);
    }
  }
  return { data, width, height };
}

function expectTiling(pieces: readonly Box[], box: Box): void {
  expect(pieces[0]?.x).toBe(box.x);
  for (let i = 1; i < pieces.length; i++) {
    const previous = pieces[i - 1] as Box;
    expect(pieces[i]?.x).toBe(previous.x + previous.width);
  }
  const last = pieces.at(-1) as Box;
  expect(last.x + last.width).toBe(box.x + box.width);
  for (const piece of pieces) expect(piece).toMatchObject({ y: box.y, height: box.height });
}

describe("splitLongBox", () => {
  it("leaves a box no wider than maxAspect × its height whole", () => {
    const image = typeImage(600, 40, []);
    const box = { x: 10, y: 10, width: 480, height: 20 };
    expect(splitLongBox(image, box, 24)).toEqual([box]);
  });

  it("cuts a very wide box into pieces no wider than maxAspect × height, at calm columns", () => {
    // 1000 × 20 at aspect 24 (at most 480 wide): three pieces, cut near 333 and 667 where the
    // gaps between words are (box-relative 320–326 and 650–656).
    const box = { x: 100, y: 10, width: 1000, height: 20 };
    const image = typeImage(1200, 40, [
      [420, 426],
      [750, 756],
    ]);
    const pieces = splitLongBox(image, box, 24);
    expect(pieces).toHaveLength(3);
    expectTiling(pieces, box);
    for (const piece of pieces) expect(piece.width).toBeLessThanOrEqual(24 * box.height);
    // Each cut falls in a gap, not through a letter.
    const cuts = pieces.slice(1).map((piece) => piece.x);
    expect(cuts[0]).toBeGreaterThanOrEqual(420);
    expect(cuts[0]).toBeLessThan(426);
    expect(cuts[1]).toBeGreaterThanOrEqual(750);
    expect(cuts[1]).toBeLessThan(756);
  });

  it("cuts evenly where no column is calmer than another", () => {
    const box = { x: 0, y: 0, width: 900, height: 10 };
    const pieces = splitLongBox(typeImage(900, 10, []), box, 10);
    expect(pieces.map((piece) => piece.width)).toEqual(Array(9).fill(100));
  });

  // A cut moved towards a calm column must not leave a piece wider than the limit.
  it("keeps pieces no wider than maxAspect × height when the gap is off-centre", () => {
    const box = { x: 100, y: 10, width: 960, height: 20 };
    const image = typeImage(1200, 40, [[520, 526]]);
    const pieces = splitLongBox(image, box, 24);
    for (const piece of pieces) expect(piece.width).toBeLessThanOrEqual(24 * box.height);
  });
});
