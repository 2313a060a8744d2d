import { describe, expect, it } from "vitest";
import { joinRowLines } from "../../../src/compliance/detectors/ppocr/join-lines.js";
import type { OcrLine } from "../../../src/compliance/observations/ocr-observation.js";

/** A line the detector found alone: one word filling its box. */
function line(text: string, x: number, y: number, width: number, height: number, confidence = 0.9): OcrLine {
  const box = { x, y, width, height };
  return { text, confidence, box, words: [{ text, confidence, box }] };
}

describe("joinRowLines", () => {
  it("joins widely spaced words of one row into one line, left to right", () => {
    // 80 px high, 80 px apart: DB found "FREE" and "FALL" as two boxes.
    const joined = joinRowLines([line("FALL", 380, 102, 200, 78, 0.8), line("FREE", 100, 100, 200, 80, 1)]);
    expect(joined).toHaveLength(1);
    expect(joined[0]?.text).toBe("FREE FALL");
    expect(joined[0]?.words.map((w) => w.text)).toEqual(["FREE", "FALL"]);
    expect(joined[0]?.box).toEqual({ x: 100, y: 100, width: 480, height: 80 });
    expect(joined[0]?.confidence).toBeCloseTo(0.9, 5);
  });

  it("joins three pieces of a row, whatever order they come in", () => {
    const joined = joinRowLines([
      line("AVAILABLE", 300, 500, 300, 60),
      line("EVERYWHERE", 650, 500, 330, 60),
      line("NOW", 100, 500, 150, 60),
    ]);
    expect(joined.map((l) => l.text)).toEqual(["NOW AVAILABLE EVERYWHERE"]);
  });

  it("keeps lines on different rows apart, top to bottom", () => {
    const joined = joinRowLines([line("HARBOR", 100, 300, 300, 80), line("LAST", 100, 100, 200, 80)]);
    expect(joined.map((l) => l.text)).toEqual(["LAST", "HARBOR"]);
  });

  it("keeps lines of very different heights apart even side by side", () => {
    const joined = joinRowLines([line("TITLE", 100, 100, 300, 80), line("TM", 420, 120, 40, 30)]);
    expect(joined.map((l) => l.text)).toEqual(["TITLE", "TM"]);
  });

  it("keeps lines of one row apart when far from each other", () => {
    // 300 px apart at 80 px high: two captions, not one phrase.
    const joined = joinRowLines([line("LEFT", 50, 100, 200, 80), line("RIGHT", 550, 100, 200, 80)]);
    expect(joined).toHaveLength(2);
  });

  it("keeps lines that share a row only in part apart", () => {
    const joined = joinRowLines([line("UPPER", 100, 100, 200, 80), line("LOWER", 320, 160, 200, 80)]);
    expect(joined).toHaveLength(2);
  });
});
