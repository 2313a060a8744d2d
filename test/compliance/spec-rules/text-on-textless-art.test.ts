import { describe, expect, it } from "vitest";
import type { WordSpec } from "../text-rules/ocr-fixture.js";
import { judgeLines, onlySpecRule } from "./spec-helpers.js";

const textless = onlySpecRule("TEXT_ON_TEXTLESS_ART", { artwork: { textAllowed: false } });
const textAllowed = onlySpecRule("TEXT_ON_TEXTLESS_ART", { artwork: { textAllowed: true } });

type Poster = ReadonlyArray<string | readonly WordSpec[]>;
const word = (text: string, confidence: number): WordSpec[] => [{ text, confidence }];

describe("TEXT_ON_TEXTLESS_ART", () => {
  it.each<[string, Poster]>([
    ["a title", ["THE LAST HORIZON"]],
    ["a tagline", ["In space no one can hear you scream"]],
    ["a single long word", ["HORIZON"]],
    ["a short word read surely", [word("NEW", 0.95)]],
    ["a year", ["2026"]],
    [
      "two words of middling confidence",
      [
        [
          { text: "the", confidence: 0.75 },
          { text: "sun", confidence: 0.72 },
        ],
      ],
    ],
    ["a brand", ["A Prime Video Original"]],
    [
      "text among junk",
      [
        [
          { text: "ee", confidence: 0.6 },
          { text: "SEQUEL", confidence: 0.9 },
        ],
      ],
    ],
    ["several lines", ["COMING", "HOME"]],
  ])("raises for %s", (_name, poster) => {
    expect(judgeLines(poster, textless).map((v) => v.code)).toEqual(["TEXT_ON_TEXTLESS_ART"]);
  });

  it.each<[string, Poster]>([
    ["nothing read", []],
    ["a 3-letter token of low confidence (texture)", [word("tan", 0.65)]],
    ["a lone 3-letter token of middling confidence", [word("tan", 0.8)]],
    [
      "two-character tokens",
      [
        [
          { text: "ee", confidence: 0.95 },
          { text: "Wi", confidence: 0.95 },
        ],
      ],
    ],
    ["thin strokes", [word("lIl", 0.95)]],
    ["consonants only", [word("Wkd", 0.95)]],
    ["symbol junk", ["£3 $4 ~~"]],
    ["a long word read unsurely", [word("HORIZON", 0.55)]],
    ["a short number", [word("111", 0.95)]],
  ])("stays quiet for %s", (_name, poster) => {
    expect(judgeLines(poster, textless)).toEqual([]);
  });

  it("only judges artwork types that must be textless", () => {
    expect(judgeLines(["THE LAST HORIZON"], textAllowed)).toEqual([]);
  });

  it("counts the known title too: textless art carries no title treatment", () => {
    expect(judgeLines(["THE LAST HORIZON"], textless, "The Last Horizon")).toHaveLength(1);
  });

  it("reports every line of text once, with its box, and the artwork type", () => {
    const violations = judgeLines(["COMING HOME", [{ text: "ee", confidence: 0.6 }], "2026"], textless);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({
      code: "TEXT_ON_TEXTLESS_ART",
      severity: "MEDIUM",
      confidence: 0.95,
      evidence: {
        text: "COMING HOME / 2026",
        boxes: [
          { x: 50, y: 100, width: 6 * 20 + 20 + 4 * 20, height: 40 },
          { x: 50, y: 220, width: 80, height: 40 },
        ],
        measured: { lines: 2, words: 3 },
        limit: { textAllowed: false },
      },
    });
    expect(violations[0]?.message).toContain("poster art must be textless");
  });

  it("is less sure of a lone short word, and drops what is under minConfidence", () => {
    expect(judgeLines([word("NEW", 0.9)], textless)[0]?.confidence).toBe(0.765);
    const strict = onlySpecRule("TEXT_ON_TEXTLESS_ART", { artwork: { textAllowed: false } });
    strict.rules.TEXT_ON_TEXTLESS_ART = { enabled: true, severity: "HIGH", minConfidence: 0.8 };
    expect(judgeLines([word("NEW", 0.9)], strict)).toEqual([]);
    expect(judgeLines(["HORIZON"], strict)[0]?.severity).toBe("HIGH");
  });

  it("raises nothing when the rule is disabled", () => {
    const off = onlySpecRule("CRITIC_QUOTE", { artwork: { textAllowed: false } });
    expect(judgeLines(["THE LAST HORIZON"], off)).toEqual([]);
  });
});
