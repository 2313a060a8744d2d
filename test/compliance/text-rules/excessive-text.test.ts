import { describe, expect, it } from "vitest";
import { judgeText } from "../../../src/compliance/rules/text/judge-text.js";
import { DETECTOR, onlyRule } from "./judge-helpers.js";
import { ocrOf } from "./ocr-fixture.js";

const settings = onlyRule("EXCESSIVE_TEXT");
// Each 10-letter word is 200 × 40 = 8000 px, 1/15 of a 300 × 400 image.
const TEN_LETTERS = "ABCDEFGHIJ";
const size = { imageWidth: 300, imageHeight: 400 };

describe("EXCESSIVE_TEXT", () => {
  it("raises when text boxes cover more than the limit, with the measured share and the limit", () => {
    const ocr = ocrOf([TEN_LETTERS, TEN_LETTERS, TEN_LETTERS, TEN_LETTERS], size);
    const [violation] = judgeText(ocr, settings, DETECTOR);
    expect(violation?.code).toBe("EXCESSIVE_TEXT");
    expect(violation?.evidence?.measured).toEqual({ textAreaFraction: 0.2667 });
    expect(violation?.evidence?.limit).toEqual({ maxTextAreaFraction: 0.25 });
    expect(violation?.evidence?.boxes).toEqual(ocr.lines.map((line) => line.box));
    expect(violation?.message).toContain("26.7 %");
  });

  it("stays quiet at or under the limit", () => {
    expect(judgeText(ocrOf([TEN_LETTERS, TEN_LETTERS, TEN_LETTERS], size), settings, DETECTOR)).toEqual([]);
  });

  it("follows the configured limit", () => {
    const strict = onlyRule("EXCESSIVE_TEXT", { excessiveTextMaxAreaFraction: 0.1 });
    const [violation] = judgeText(ocrOf([TEN_LETTERS, TEN_LETTERS], size), strict, DETECTOR);
    expect(violation?.evidence?.limit).toEqual({ maxTextAreaFraction: 0.1 });
  });

  it("counts only the part of a box inside the image", () => {
    // 60 letters = 1200 px wide from x = 50, of which 250 px lie inside: 10000 px of 120000.
    const ocr = ocrOf(["A".repeat(60)], size);
    const strict = onlyRule("EXCESSIVE_TEXT", { excessiveTextMaxAreaFraction: 0.05 });
    expect(judgeText(ocr, strict, DETECTOR)[0]?.evidence?.measured).toEqual({ textAreaFraction: 0.0833 });
  });

  it("takes its confidence from the words, weighted by area, and drops what is under minConfidence", () => {
    const lines = [TEN_LETTERS, TEN_LETTERS, TEN_LETTERS, TEN_LETTERS];
    expect(judgeText(ocrOf(lines, { ...size, confidence: 0.8 }), settings, DETECTOR)[0]?.confidence).toBe(
      0.8,
    );
    expect(judgeText(ocrOf(lines, { ...size, confidence: 0.3 }), settings, DETECTOR)).toEqual([]);
  });

  it("leaves the title's lettering out of the count: a title across the art is not excess text", () => {
    // Three 10-letter lines cover 20 %; the title's two lines take it past 25 %.
    const lines = ["NIGHTFALL", "HARBOUR", TEN_LETTERS, TEN_LETTERS, TEN_LETTERS];
    const ocr = ocrOf(lines, size);
    const titled = onlyRule("EXCESSIVE_TEXT", { allowedTerms: ["Nightfall Harbour"] });
    expect(judgeText(ocr, settings, DETECTOR).map((v) => v.code)).toEqual(["EXCESSIVE_TEXT"]);
    expect(judgeText(ocr, titled, DETECTOR)).toEqual([]);
  });

  it("leaves out the title read as one line, and counts the rest", () => {
    const ocr = ocrOf(["NIGHTFALL HARBOUR", TEN_LETTERS, TEN_LETTERS, TEN_LETTERS, TEN_LETTERS], size);
    const titled = onlyRule("EXCESSIVE_TEXT", { allowedTerms: ["Nightfall Harbour"] });
    const [violation] = judgeText(ocr, titled, DETECTOR);
    expect(violation?.evidence?.measured).toEqual({ textAreaFraction: 0.2667 });
  });
});
