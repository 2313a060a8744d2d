import { describe, expect, it } from "vitest";
import type { DecodedChar, DecodedLine } from "../../../src/compliance/detectors/ppocr/ctc-decode.js";
import { lineFromDecoded } from "../../../src/compliance/detectors/ppocr/line-words.js";
import type { Box } from "../../../src/domain/violation.js";

const LINE_BOX: Box = { x: 100, y: 200, width: 400, height: 40 };

/** A decoded line with one character every `pitch` steps from step 0, each `probability` sure. */
function decodedLine(text: string, steps: number, pitch = 2, probability = 0.9): DecodedLine {
  const chars: DecodedChar[] = [...text].map((char, index) => ({
    char,
    probability,
    firstStep: index * pitch,
    lastStep: index * pitch,
  }));
  return { chars, steps };
}

function expectInside(inner: Box, outer: Box): void {
  expect(inner.x).toBeGreaterThanOrEqual(outer.x);
  expect(inner.y).toBeGreaterThanOrEqual(outer.y);
  expect(inner.x + inner.width).toBeLessThanOrEqual(outer.x + outer.width);
  expect(inner.y + inner.height).toBeLessThanOrEqual(outer.y + outer.height);
  expect(inner.width).toBeGreaterThan(0);
}

describe("lineFromDecoded", () => {
  it("splits words at the spaces the model emitted", () => {
    const line = lineFromDecoded(decodedLine("NOW ON AIR", 20), LINE_BOX, 1, false);
    expect(line?.words.map((w) => w.text)).toEqual(["NOW", "ON", "AIR"]);
    expect(line?.text).toBe("NOW ON AIR");
    expect(line?.box).toEqual(LINE_BOX);
  });

  it("splits words at the spaces the model lost between English words", () => {
    const line = lineFromDecoded(decodedLine("ALLEPISODES NOW", 30), LINE_BOX, 1, false);
    expect(line?.words.map((w) => w.text)).toEqual(["ALL", "EPISODES", "NOW"]);
    expect(line?.text).toBe("ALL EPISODES NOW");
  });

  it("gives each word a box inside the line's box, left to right, where its characters are", () => {
    const line = lineFromDecoded(decodedLine("ALLEPISODES NOW", 30), LINE_BOX, 1, false);
    const boxes = line?.words.map((w) => w.box) ?? [];
    expect(boxes).toHaveLength(3);
    for (const box of boxes) expectInside(box, LINE_BOX);
    for (let i = 1; i < boxes.length; i++) {
      const previous = boxes[i - 1] as Box;
      const box = boxes[i] as Box;
      // Ordered, and overlapping by no more than the half character each side is widened by.
      expect(box.x).toBeGreaterThan(previous.x);
      expect(previous.x + previous.width).toBeLessThanOrEqual(box.x + 10);
    }
    // 30 steps over 400 px: "EPISODES" (characters 3..10, steps 6..20) sits in the middle of the line.
    const episodes = boxes[1] as Box;
    expect(episodes.x).toBeGreaterThanOrEqual(100 + 5 * (400 / 30));
    expect(episodes.x + episodes.width).toBeLessThanOrEqual(100 + 23 * (400 / 30));
  });

  it("maps the steps onto the crop only, not the padding after it", () => {
    // The crop fills the first half of the 60 steps; the text reaches the crop's right end.
    const line = lineFromDecoded(decodedLine("NOW ON AIR", 60, 3), LINE_BOX, 0.5, false);
    const last = line?.words.at(-1)?.box as Box;
    expectInside(last, LINE_BOX);
    expect(last.x + last.width).toBeGreaterThan(LINE_BOX.x + 0.9 * LINE_BOX.width);
  });

  it("gives every word the line's box when the crop was read turned", () => {
    const line = lineFromDecoded(decodedLine("NOW ON AIR", 20), LINE_BOX, 1, true);
    expect(line?.words.map((w) => w.box)).toEqual([LINE_BOX, LINE_BOX, LINE_BOX]);
  });

  it("rates words and the line by their characters' mean probability", () => {
    const decoded = decodedLine("AB CD", 10);
    (decoded.chars[0] as DecodedChar).probability = 0.5;
    (decoded.chars[1] as DecodedChar).probability = 0.7;
    const line = lineFromDecoded(decoded, LINE_BOX, 1, false);
    expect(line?.words[0]?.confidence).toBeCloseTo(0.6, 5);
    expect(line?.words[1]?.confidence).toBeCloseTo(0.9, 5);
    expect(line?.confidence).toBeCloseTo((0.5 + 0.7 + 0.9 + 0.9) / 4, 5);
  });

  it("answers no line for spaces alone or nothing", () => {
    expect(lineFromDecoded(decodedLine("   ", 10), LINE_BOX, 1, false)).toBeUndefined();
    expect(lineFromDecoded({ chars: [], steps: 10 }, LINE_BOX, 1, false)).toBeUndefined();
  });
});
