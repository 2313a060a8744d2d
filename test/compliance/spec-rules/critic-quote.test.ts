import { describe, expect, it } from "vitest";
import { judgeSpecText } from "../../../src/compliance/rules/spec/judge-spec-text.js";
import { ocrOf } from "../text-rules/ocr-fixture.js";
import { DETECTOR, flagged, judgeLines, onlySpecRule, placedOcr } from "./spec-helpers.js";

const policy = onlySpecRule("CRITIC_QUOTE");

describe("CRITIC_QUOTE", () => {
  it.each([
    ["“A masterpiece” — The New York Times", "“A masterpiece” — The New York Times"],
    ['"Brilliant!" - Rolling Stone', '"Brilliant!" - Rolling Stone'],
    [
      '"A thrill ride from start to finish" - Peter Travers',
      '"A thrill ride from start to finish" - Peter Travers',
    ],
    ["“Gripping” EMPIRE", "“Gripping” EMPIRE"],
    ["EMPIRE “Gripping”", "EMPIRE “Gripping”"],
    ['"Unmissable" - R0LLING ST0NE', '"Unmissable" - R0LLING ST0NE'],
    ["“Mesmerising”", "“Mesmerising”"],
    ["★★★★", "★★★★"],
    ["★★★★½", "★★★★½"],
    ["**** Empire", "****"],
    ["4/5 stars", "4/5 stars"],
    ["5 stars", "5 stars"],
    ["4 out of 5 stars", "4 out of 5 stars"],
    ["Five stars", "Five stars"],
    ["CERTIFIED FRESH", "CERTIFIED FRESH"],
    ["98% on Rotten Tomatoes", "Rotten Tomatoes"],
    ["Critics agree", "Critics agree"],
    ["THE BEST FILM OF THE YEAR", "BEST FILM OF THE YEAR"],
    ["- Variety", "- Variety"],
    ["— THE HOLLYWOOD REPORTER", "— THE HOLLYWOOD REPORTER"],
  ])("flags %j", (line, evidence) => {
    expect(flagged(line, policy)).toEqual([evidence]);
  });

  it.each([
    '"In space no one can hear you scream"',
    "In space no one can hear you scream",
    "Empire of Light",
    "TIME",
    "Variety is the spice of life",
    "Two stars collide",
    "Stars of tomorrow",
    "The Rolling Stones",
    "A masterpiece of deception",
    "Deadline",
    "4/5",
    "The times are changing - fast",
    "2026",
  ])("does not flag %j", (line) => {
    expect(flagged(line, policy)).toEqual([]);
  });

  it.each([
    ["a dash line below a quote", ['"A thrill ride"', "- Peter Travers"]],
    ["an outlet below a quote", ["“Stunning”", "VARIETY"]],
    ["a dash and outlet below a quote", ["“The year's best”", "— Empire"]],
    ["an outlet above a quote", ["TOTAL FILM", '"Unmissable"']],
  ])("flags a quote signed on the next line: %s", (_name, lines) => {
    const violations = judgeLines(lines, policy);
    expect(violations.length).toBeGreaterThan(0);
    const signed = violations.find((v) => v.evidence?.boxes?.length === 2);
    expect(signed?.evidence?.text).toBe(lines.join(" / "));
  });

  it("flags a quote with its outlet on the next line, no dash, as OCR reads it", () => {
    const lines = ['"A MASTERPIECE"', "VARIETY"];
    const signed = judgeLines(lines, policy).find((v) => v.evidence?.boxes?.length === 2);
    expect(signed?.evidence?.text).toBe('"A MASTERPIECE" / VARIETY');
  });

  it("flags a quote whose opening mark OCR lost, signed by an outlet on its row or below", () => {
    // `"A MASTERPIECE" - VARIETY` read without `"A` and the dash: two lines side by side.
    const sideBySide = placedOcr([
      { text: 'MASTERPIECE"', x: 125, y: 1049, height: 43, charWidth: 40 },
      { text: "VARIETY", x: 689, y: 1050, height: 41, charWidth: 40 },
    ]);
    const found = judgeSpecText(sideBySide, policy, DETECTOR, {});
    expect(found.map((v) => v.evidence?.text)).toContain('MASTERPIECE" / VARIETY');
    expect(flagged(['STUNNING"', "THE GUARDIAN"], policy)).toContain('STUNNING" / THE GUARDIAN');
    expect(flagged('A MASTERPIECE" VARIETY', policy)).toEqual(['A MASTERPIECE" VARIETY']);
  });

  it("reads a quote whose closing mark OCR lost to the line's end: praise counts, an outlet word does not", () => {
    expect(flagged("“STUNNING THE GUARDIAN", policy)).toEqual(["“STUNNING THE GUARDIAN"]);
    expect(flagged("“RUNNING OUT OF TIME", policy)).toEqual([]);
  });

  it("signs no quote with an outlet far along its row or a word that is no outlet", () => {
    const farApart = placedOcr([
      { text: 'MASTERPIECE"', x: 20, y: 400, height: 40, charWidth: 20 },
      { text: "VARIETY", x: 800, y: 400, height: 40, charWidth: 20 },
    ]);
    expect(
      judgeSpecText(farApart, policy, DETECTOR, {}).filter((v) => v.evidence?.boxes?.length === 2),
    ).toEqual([]);
    expect(flagged(['NOTHING STAYS BURIED"', "FOREVER"], policy)).toEqual([]);
    expect(flagged(["THE BOYS' CLUB", "VARIETY"], policy)).toEqual([]);
    expect(flagged("BRILLIANT BOYS' CLUB", policy)).toEqual([]);
    expect(flagged('"BACK IN TIME"', policy)).toEqual([]);
  });

  it("does not sign a quoted tagline with a line that is no attribution", () => {
    expect(judgeLines(['"In space no one can hear you scream"', "THE LAST HORIZON"], policy)).toEqual([]);
    expect(
      judgeLines(
        ['"In space no one can hear you scream"', "- and then it came back for more, hungry"],
        policy,
      ),
    ).toEqual([]);
  });

  it("gives both lines' boxes for a two-line quote", () => {
    const ocr = ocrOf(['"A thrill ride"', "- Peter Travers"]);
    const [violation] = judgeSpecText(ocr, policy, DETECTOR, {});
    expect(violation?.evidence?.boxes).toEqual([ocr.lines[0]?.box, ocr.lines[1]?.box]);
    expect(violation?.confidence).toBe(0.808);
  });

  it("rates an outlet higher than an unknown name, and unattributed praise lower", () => {
    const [outlet] = judgeLines(['"Brilliant!" - Rolling Stone'], policy);
    const [name] = judgeLines(['"Brilliant!" - Peter Travers'], policy);
    const [praise] = judgeLines(['"Brilliant!"'], policy);
    expect(outlet?.confidence).toBe(0.95);
    expect(name?.confidence).toBe(0.808);
    expect(praise?.confidence).toBe(0.712);
    expect(outlet?.evidence?.measured).toEqual({ term: "rolling stone", match: "exact" });
  });

  it("allows the known title", () => {
    expect(flagged("Certified Fresh", policy, "Certified Fresh")).toEqual([]);
    expect(flagged("Certified Fresh", policy)).toEqual(["Certified Fresh"]);
  });

  it("raises nothing when the rule is disabled", () => {
    expect(flagged("“A masterpiece” — The New York Times", onlySpecRule("AWARD_REFERENCE"))).toEqual([]);
  });
});
