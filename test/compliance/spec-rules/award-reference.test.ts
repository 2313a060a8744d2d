import { describe, expect, it } from "vitest";
import { judgeSpecText } from "../../../src/compliance/rules/spec/judge-spec-text.js";
import { DETECTOR, flagged, judgeLines, onlySpecRule, placedOcr } from "./spec-helpers.js";

const policy = onlySpecRule("AWARD_REFERENCE");

describe("AWARD_REFERENCE", () => {
  it.each([
    ["OFFICIAL SELECTION", ["OFFICIAL SELECTION"]],
    ["OFFICIAL SELECTION CANNES 2024", ["OFFICIAL SELECTION CANNES"]],
    ["0FFICIAL SELECTI0N", ["0FFICIAL SELECTI0N"]],
    ["WINNER BEST PICTURE", ["WINNER BEST PICTURE"]],
    ["Academy Award Nominee", ["Academy Award Nominee"]],
    ["NOMINATED FOR 5 OSCARS", ["NOMINATED", "OSCARS"]],
    ["Golden Globe Winner", ["Golden Globe Winner"]],
    ["BAFTA", ["BAFTA"]],
    ["Palme d'Or", ["Palme d'Or"]],
    ["Palme d’Or", ["Palme d’Or"]],
    ["Sundance Film Festival", ["Sundance Film Festival"]],
    ["BERLINALE 2025", ["BERLINALE"]],
    ["Venice Film Festival", ["Venice Film Festival"]],
    ["TIFF", ["TIFF"]],
    ["SXSW 2024", ["SXSW"]],
    ["From the award-winning director", ["award-winning"]],
    ["Oscar-winning", ["Oscar-winning"]],
    ["WINNER", ["WINNER"]],
    ["WINNER OF 3", ["WINNER"]],
  ])("flags %j", (line, evidence) => {
    expect(flagged(line, policy)).toEqual(evidence);
  });

  it.each([
    "Winner takes all",
    "OSCAR ISAAC",
    "EMMY ROSSUM",
    "Winter is coming",
    "Venice Beach",
    "Berlin 1945",
    "The inner circle",
    "A dinner party",
    "Prize fighter",
    "Awards season",
    "Toronto",
    "In space no one can hear you scream",
    "The best of times",
  ])("does not flag %j", (line) => {
    expect(flagged(line, policy)).toEqual([]);
  });

  it("reads a laurel over several lines", () => {
    expect(flagged(["WINNER", "TORONTO"], policy)).toEqual(["WINNER", "TORONTO"]);
    expect(flagged(["OFFICIAL SELECTION", "VENICE"], policy)).toEqual(["OFFICIAL SELECTION", "VENICE"]);
  });

  it("allows the known title, wherever it is written", () => {
    expect(flagged("THE WINNER", policy, "The Winner")).toEqual([]);
    expect(flagged(["THE", "WINNER", "SUNDANCE"], policy, "The Winner")).toEqual(["SUNDANCE"]);
    expect(flagged("Golden Globe", policy, "Golden Globe")).toEqual([]);
  });

  it("allows an ambiguous word in the tallest line when the title is unknown (the title treatment)", () => {
    const ocr = placedOcr([
      { text: "THE WINNER", y: 200, height: 150 },
      { text: "SOME RACES NEVER END", y: 600 },
      { text: "2026", y: 700 },
    ]);
    expect(judgeSpecText(ocr, policy, DETECTOR, {})).toEqual([]);
    const festival = placedOcr([
      { text: "THE WINNER", y: 200, height: 150 },
      { text: "SUNDANCE", y: 600 },
      { text: "2026", y: 700 },
    ]);
    expect(judgeSpecText(festival, policy, DETECTOR, {}).map((v) => v.evidence?.text)).toEqual(["SUNDANCE"]);
  });

  it("allows own brands and allowed terms", () => {
    const allowed = onlySpecRule("AWARD_REFERENCE", { text: { allowedTerms: ["Cannes Confidential"] } });
    expect(flagged("CANNES CONFIDENTIAL", allowed)).toEqual([]);
    expect(flagged("CANNES CONFIDENTIAL", policy)).toEqual(["CANNES"]);
  });

  it("gives the term, its match quality, words and box as evidence", () => {
    const [violation] = judgeLines(["OFFICIAL SELECTI0N"], policy);
    expect(violation).toMatchObject({
      code: "AWARD_REFERENCE",
      severity: "MEDIUM",
      confidence: 0.903,
      detector: DETECTOR,
      evidence: {
        text: "OFFICIAL SELECTI0N",
        boxes: [{ x: 50, y: 100, width: 8 * 20 + 20 + 9 * 20, height: 40 }],
        measured: { term: "official selection", match: "normalised" },
      },
    });
  });

  it("raises nothing when the rule is disabled", () => {
    expect(flagged("OFFICIAL SELECTION CANNES 2024", onlySpecRule("FORMAT_CALLOUT"))).toEqual([]);
  });
});
