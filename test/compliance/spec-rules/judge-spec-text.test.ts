import { describe, expect, it } from "vitest";
import { judgeSpecText, SPEC_TEXT_CODES } from "../../../src/compliance/rules/spec/judge-spec-text.js";
import type { SafeZone } from "../../../src/domain/policy.js";
import { ocrOf } from "../text-rules/ocr-fixture.js";
import { allSpecRules, DETECTOR, judgeLines, specPolicy } from "./spec-helpers.js";

// ocrOf puts lines at y 100, 160, 220, …: the bottom tenth of a 1500 px poster holds none.
const BOTTOM: SafeZone = { name: "bottom", x: 0, y: 0.9, width: 1, height: 0.1 };
const PRIME = allSpecRules({ artwork: { safeZones: [BOTTOM] }, text: { ownBrands: ["Prime Video"] } });
const TITLE = "The Last Horizon";
const TAGLINE = "In space no one can hear you scream";

const EVERYTHING = [
  "THE LAST HORIZON",
  "“A masterpiece” — Variety",
  "OFFICIAL SELECTION CANNES 2024",
  "Directed by Jane Doe",
  "Now on DVD and Blu-ray",
];

describe("judgeSpecText", () => {
  it("knows the seven spec codes it judges", () => {
    expect(SPEC_TEXT_CODES).toEqual([
      "TITLE_MISSING",
      "TEXT_ON_TEXTLESS_ART",
      "TEXT_IN_SAFE_ZONE",
      "CREDITS_BLOCK",
      "CRITIC_QUOTE",
      "AWARD_REFERENCE",
      "FORMAT_CALLOUT",
    ]);
  });

  it.each<[string, string[], string]>([
    [
      "title, tagline, year and own brand",
      ["A Prime Video Original", "THE LAST HORIZON", TAGLINE, "2026"],
      TITLE,
    ],
    ["a title split over lines", ["THE LAST", "HORIZON", TAGLINE], TITLE],
    ["a studio's presentation", ["Warner Bros. Pictures presents", "THE LAST HORIZON", "2026"], TITLE],
    ["the cast above the title", ["Starring Tom Hanks and Meg Ryan", "THE LAST HORIZON"], TITLE],
    ["a true-story line", ["Based on a true story", "THE LAST HORIZON"], TITLE],
    ["a hashtag", ["THE LAST HORIZON", "#TheLastHorizon"], TITLE],
    ["a quoted tagline", ["THE LAST HORIZON", `"${TAGLINE}"`], TITLE],
    ["a title that reads like an award", ["THE WINNER", "Only one can take it all", "2026"], "The Winner"],
    ["a title that reads like a credit", ["DIRECTED BY LOVE", TAGLINE], "Directed by Love"],
    ["a title that reads like a rating", ["FIVE STARS", TAGLINE], "Five Stars"],
    ["a title that reads like a format", ["BLU RAY BLUES", TAGLINE], "Blu Ray Blues"],
    [
      "a title that reads like an award over two lines",
      ["OFFICIAL", "SELECTION", TAGLINE],
      "Official Selection",
    ],
  ])("keeps a clean poster clean for every spec code: %s", (_name, lines, title) => {
    expect(judgeLines(lines, PRIME, title)).toEqual([]);
  });

  it("raises each code the poster breaks, with the rule's severity and the detector", () => {
    const strict = allSpecRules({ artwork: { textAllowed: false, safeZones: [BOTTOM] } });
    strict.rules.AWARD_REFERENCE = { enabled: true, severity: "LOW", minConfidence: 0.5 };
    strict.rules.CRITIC_QUOTE = { enabled: true, severity: "CRITICAL", minConfidence: 0.5 };
    const violations = judgeLines(EVERYTHING, strict, "Another Title");
    expect([...new Set(violations.map((v) => v.code))].sort()).toEqual([
      "AWARD_REFERENCE",
      "CREDITS_BLOCK",
      "CRITIC_QUOTE",
      "FORMAT_CALLOUT",
      "TEXT_ON_TEXTLESS_ART",
      "TITLE_MISSING",
    ]);
    expect(violations.every((v) => v.detector === DETECTOR)).toBe(true);
    expect(violations.find((v) => v.code === "AWARD_REFERENCE")?.severity).toBe("LOW");
    expect(violations.find((v) => v.code === "CRITIC_QUOTE")?.severity).toBe("CRITICAL");
  });

  it("raises nothing when every spec rule is disabled", () => {
    const { rules } = allSpecRules();
    const off = specPolicy({
      artwork: { textAllowed: false, titleRequired: true, safeZones: [{ ...BOTTOM, y: 0, height: 1 }] },
      rules: Object.fromEntries(
        Object.entries(rules).map(([code, rule]) => [code, { ...rule, enabled: false }]),
      ),
    });
    expect(judgeLines(EVERYTHING, off, "Another Title")).toEqual([]);
    expect(judgeLines(EVERYTHING, specPolicy({ rules: {} }), "Another Title")).toEqual([]);
  });

  it("drops every finding under its rule's minConfidence", () => {
    const strict = allSpecRules({ artwork: { textAllowed: false } });
    for (const code of SPEC_TEXT_CODES)
      strict.rules[code] = { enabled: true, severity: "HIGH", minConfidence: 0.99 };
    expect(judgeLines(EVERYTHING, strict, "Another Title")).toEqual([]);
  });

  it("judges a poster with no lines", () => {
    const ocr = { imageWidth: 1000, imageHeight: 1500, lines: [] };
    expect(judgeSpecText(ocr, PRIME, DETECTOR, { title: TITLE }).map((v) => v.code)).toEqual([
      "TITLE_MISSING",
    ]);
    expect(judgeSpecText(ocr, PRIME, DETECTOR).map((v) => v.code)).toEqual([]);
  });

  it("tolerates lines without word boxes", () => {
    const ocr = ocrOf(["Now on DVD"]);
    const line = ocr.lines[0];
    if (line) line.words = [];
    const [violation] = judgeSpecText(ocr, allSpecRules(), DETECTOR);
    expect(violation?.evidence?.boxes).toEqual([line?.box]);
  });
});
