import { describe, expect, it } from "vitest";
import { judgeSpecText } from "../../../src/compliance/rules/spec/judge-spec-text.js";
import { DETECTOR, flagged, onlySpecRule, type PlacedLine, placedOcr } from "./spec-helpers.js";

const policy = onlySpecRule("CREDITS_BLOCK");

// A 1000 × 1500 poster: a big title, a tagline, and whatever the test adds.
const TITLE_LINE: PlacedLine = { text: "THE LAST HORIZON", y: 200, height: 120 };
const TAGLINE: PlacedLine = { text: "In space no one can hear you scream", y: 500 };
const BILLING_1 =
  "WARNER BROS PICTURES PRESENTS A LEGENDARY ENTERTAINMENT PRODUCTION A DENIS VILLENEUVE FILM";
const BILLING_2 = "TIMOTHEE CHALAMET REBECCA FERGUSON OSCAR ISAAC JOSH BROLIN STELLAN SKARSGARD";
const BILLING_3 = "CASTING FRANCINE MAISLER COSTUMES JACQUELINE WEST MUSIC HANS ZIMMER";
const PLAIN_1 = "NOTHING EVER STAYS BURIED IN THE SAND FOR LONG";
const PLAIN_2 = "SOME SECRETS ARE WORTH MORE THAN A WHOLE WORLD";

/** Small condensed type: 16 px high, 6 px a character. */
const small = (text: string, y: number, extra: Partial<PlacedLine> = {}): PlacedLine => ({
  text,
  y,
  x: 40,
  height: 16,
  charWidth: 6,
  ...extra,
});

const judge = (lines: PlacedLine[], title?: string) =>
  judgeSpecText(placedOcr([TITLE_LINE, TAGLINE, ...lines]), policy, DETECTOR, { title });

describe("CREDITS_BLOCK", () => {
  it.each([
    ["Directed by Jane Doe", "Directed by"],
    ["WRITTEN BY JOHN ROE", "WRITTEN BY"],
    ["Screenplay by Ann Lee", "Screenplay by"],
    ["MUSIC BY HANS ZIMMER", "MUSIC BY"],
    ["Executive Producer Steven Spielberg", "Executive Producer"],
    ["Director of Photography Roger Deakins", "Director of Photography"],
    ["Based on the novel by Stephen King", "Based on the novel"],
    ["Based on the best-selling book", "Based on the best-selling book"],
    ["A film by Greta Gerwig", "A film by"],
    ["In association with Film4", "In association with"],
    ["Edited by Thelma Schoonmaker", "Edited by"],
    ["Casting by Francine Maisler", "Casting by"],
    ["D1RECTED BY JANE DOE", "D1RECTED BY"],
    ["Dlrected by Jane Doe", "Dlrected by"],
  ])("flags the credit in %j", (line, evidence) => {
    expect(flagged(line, policy)).toEqual([evidence]);
  });

  it.each([
    "Warner Bros. Pictures presents",
    "Legendary presents a Denis Villeneuve film",
    "Based on a true story",
    "In space no one can hear you scream",
    "Starring Tom Hanks",
    "Written in blood",
    "Produce of Italy",
    "Music",
    "Directions to nowhere",
    "A film about love",
  ])("does not flag %j", (line) => {
    expect(flagged(line, policy)).toEqual([]);
  });

  it.each<[string, PlacedLine[]]>([
    ["two condensed lines of names", [small(BILLING_2, 1380), small(PLAIN_1.toUpperCase(), 1400)]],
    ["a billing block with credit words", [small(BILLING_1, 1380), small(BILLING_2, 1400)]],
    ["three lines", [small(BILLING_1, 1360), small(BILLING_2, 1380), small(BILLING_3, 1400)]],
    [
      "three plain lines of small capitals",
      [
        small(PLAIN_1, 1360, { charWidth: 10 }),
        small(PLAIN_2, 1380, { charWidth: 10 }),
        small(BILLING_2, 1400, { charWidth: 10 }),
      ],
    ],
    [
      "one long condensed line of credits",
      [small(`${BILLING_1} ${BILLING_2}`, 1400, { x: 10, charWidth: 5 })],
    ],
  ])("flags the billing block: %s", (_name, lines) => {
    const violations = judge(lines);
    expect(violations.map((v) => v.code)).toEqual(["CREDITS_BLOCK"]);
    expect(violations[0]?.evidence?.boxes).toHaveLength(lines.length);
  });

  it.each<[string, PlacedLine[]]>([
    ["at the top of the poster", [small(BILLING_1, 60), small(BILLING_2, 80)]],
    [
      "in type as large as the tagline",
      [
        small(BILLING_1, 1300, { height: 40, charWidth: 10 }),
        small(BILLING_2, 1350, { height: 40, charWidth: 10 }),
      ],
    ],
    ["of one short line", [small("THE NIGHT BELONGS TO US", 1400)]],
    [
      "of lower-case sentences",
      [
        small("some secrets are worth more than a whole world to", 1380),
        small("the people who keep them safe from the rest of us", 1400),
      ],
    ],
    [
      "of two plain lines of small capitals",
      [small(PLAIN_1, 1380, { charWidth: 10 }), small(PLAIN_2, 1400, { charWidth: 10 })],
    ],
    ["of two small lines far apart", [small(BILLING_2, 1000), small(PLAIN_1, 1400)]],
    ["of one long line in ordinary type", [small(`${BILLING_2} ${PLAIN_1}`, 1400, { x: 10, charWidth: 9 })]],
    ["of few words a line", [small("JOSH BROLIN", 1380), small("OSCAR ISAAC", 1400)]],
  ])("does not take small text for a billing block when it is %s", (_name, lines) => {
    expect(judge(lines)).toEqual([]);
  });

  it("gives the block's lines, boxes and measures as evidence, more surely with credit words", () => {
    const withCredits = judge([small(BILLING_1, 1380), small(BILLING_2, 1400)]);
    expect(withCredits[0]).toMatchObject({
      code: "CREDITS_BLOCK",
      severity: "MEDIUM",
      confidence: 0.855,
      evidence: {
        text: `${BILLING_1} / ${BILLING_2}`,
        boxes: [
          { x: 40, y: 1380, width: BILLING_1.length * 6, height: 16 },
          { x: 40, y: 1400, width: BILLING_2.length * 6, height: 16 },
        ],
        measured: { lines: 2, lineHeight: 16, medianLineHeight: 28, condensed: true },
      },
    });
    const plain = judge([small(BILLING_2, 1380), small(PLAIN_1.toUpperCase(), 1400)]);
    expect(plain[0]?.confidence).toBe(0.665);
  });

  it("reports a credit phrase inside a block once, with the block", () => {
    const lines = [small(`DIRECTED BY ${BILLING_2}`, 1380), small(BILLING_3, 1400)];
    const violations = judge(lines);
    expect(violations).toHaveLength(1);
    expect(violations[0]?.confidence).toBe(0.95);
  });

  it("gives the phrase's words and box as evidence for a lone credit", () => {
    const ocr = placedOcr([{ text: "Directed by Jane Doe", y: 1300, x: 100 }]);
    expect(judgeSpecText(ocr, policy, DETECTOR, {})[0]?.evidence).toEqual({
      text: "Directed by",
      boxes: [{ x: 100, y: 1300, width: 8 * 20 + 20 + 2 * 20, height: 40 }],
      measured: { term: "directed by", match: "exact" },
    });
  });

  it("allows the known title, own brands and allowed terms", () => {
    expect(flagged("Written By", policy, "Written By")).toEqual([]);
    expect(
      flagged(
        "A Film By Night",
        onlySpecRule("CREDITS_BLOCK", { text: { allowedTerms: ["A Film By Night"] } }),
      ),
    ).toEqual([]);
    expect(flagged("A Film By Night", policy)).toEqual(["A Film By"]);
  });

  it("raises nothing when the rule is disabled", () => {
    const off = onlySpecRule("CRITIC_QUOTE");
    expect(
      judgeSpecText(placedOcr([small(BILLING_1, 1380), small(BILLING_2, 1400)]), off, DETECTOR, {}),
    ).toEqual([]);
    expect(flagged("Directed by Jane Doe", off)).toEqual([]);
  });
});
