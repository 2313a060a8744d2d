import { describe, expect, it } from "vitest";
import { judgeSpecText } from "../../../src/compliance/rules/spec/judge-spec-text.js";
import { ocrOf } from "../text-rules/ocr-fixture.js";
import { DETECTOR, judgeLines, onlySpecRule, placedOcr } from "./spec-helpers.js";

const policy = onlySpecRule("TITLE_MISSING", { artwork: { titleRequired: true } });
const TITLE = "The Last Horizon";
const TAGLINE = "In space no one can hear you scream";

const codes = (lines: string[], title: string) => judgeLines(lines, policy, title).map((v) => v.code);

describe("TITLE_MISSING", () => {
  it.each([
    ["exact", ["The Last Horizon"], TITLE],
    ["in another case", ["THE LAST HORIZON", TAGLINE, "2026"], TITLE],
    ["split over two lines", ["THE LAST", "HORIZON", TAGLINE], TITLE],
    ["split over three lines", ["THE", "LAST", "HORIZON"], TITLE],
    ["with a confusable character", ["THE LAST HORIZ0N"], TITLE],
    ["with one wrong letter in a long word", ["THE LAST HORIZOM"], TITLE],
    ["with its article unread", ["LAST HORIZON", TAGLINE], TITLE],
    ["with a word split by OCR", ["THE LAST HORI ZON"], TITLE],
    ["with words run together by OCR", ["THELAST HORIZON"], TITLE],
    ["with two wrong letters in a word (real title lettering reads so)", ["THE LAST HARIZAN"], TITLE],
    ["with its words glued and misread", ["NIGHT AEMUSEUM"], "Night at the Museum"],
    ["cut short at the edge", ["PAN'S LABYRIN"], "Pan's Labyrinth"],
    ["by its main part before a colon", ["AVENGERS", TAGLINE], "Avengers: Doomsday"],
    [
      "with three of its four words scattered",
      ["CARIBBEAN", "PIRATES", TAGLINE, "DEAD MAN'S"],
      "Pirates of the Caribbean: Dead Man's Chest",
    ],
    ["inside a longer line", ["STUDIO PRESENTS THE LAST HORIZON"], TITLE],
    ["without diacritics", ["AMELIE"], "Amélie"],
    ["with 'and' for '&'", ["FAST AND FURIOUS"], "Fast & Furious"],
    ["with '&' for 'and'", ["PRIDE & PREJUDICE"], "Pride and Prejudice"],
    ["without its apostrophe", ["DONT LOOK UP"], "Don't Look Up"],
    ["without punctuation", ["SPIDER MAN", "NO WAY HOME"], "Spider-Man: No Way Home"],
    ["as a short title on its own line", ["UP", TAGLINE], "Up"],
    ["with a trademark sign", ["THE LAST HORIZON™"], TITLE],
  ])("finds the title %s", (_name, lines, title) => {
    expect(codes(lines, title)).toEqual([]);
  });

  it.each([
    ["another title", ["THE FIRST DAWN", TAGLINE, "2026"], TITLE],
    ["half of the title", ["THE LAST", TAGLINE], TITLE],
    ["the words out of order", ["HORIZON LAST THE", TAGLINE, "2026"], TITLE],
    ["the lines out of order", ["HORIZON", "THE LAST", TAGLINE], TITLE],
    ["a quarter of its letters wrong", ["THE FAST HAKIZAN"], TITLE],
    ["the words far apart", ["DARK", TAGLINE, "WATER"], "Dark Water"],
    ["a short title inside a tagline", ["NEVER GIVE UP"], "Up"],
    ["a short title without its article", ["ONE"], "The One"],
    ["nothing read", [], TITLE],
  ])("raises when the poster shows %s", (_name, lines, title) => {
    expect(codes(lines, title)).toEqual(["TITLE_MISSING"]);
  });

  it("gives the title and what OCR read as evidence, confidently when OCR read several lines", () => {
    const [violation] = judgeLines(["THE FIRST DAWN", TAGLINE, "2026"], policy, TITLE);
    expect(violation).toMatchObject({
      code: "TITLE_MISSING",
      severity: "MEDIUM",
      confidence: 0.9,
      detector: DETECTOR,
      evidence: {
        text: TITLE,
        measured: { read: `THE FIRST DAWN / ${TAGLINE} / 2026`, linesRead: 3, titleWordsRead: "0/2" },
      },
    });
    expect(violation?.message).toContain(TITLE);
  });

  it("is less sure when OCR read almost nothing: the title may be lettering OCR cannot read", () => {
    expect(judgeLines([], policy, TITLE)[0]?.confidence).toBe(0.6);
    expect(judgeLines([[{ text: "ee", confidence: 0.7 }]], policy, TITLE)[0]?.confidence).toBe(0.6);
    expect(judgeLines(["SOMETHING ELSE"], policy, TITLE)[0]?.confidence).toBe(0.7);
  });

  // Below the usual minimum confidence (0.5): on real key art such lettering is nearly always
  // the title in logo type, so it is reported only to a policy that asks for weak findings.
  it("is less sure when large lettering was seen but not read (a stylised title)", () => {
    const ocr = placedOcr([
      { text: "Cid", y: 200, height: 150 },
      { text: "A PRIME VIDEO ORIGINAL", y: 600 },
      { text: TAGLINE, y: 700 },
      { text: "2026", y: 800 },
    ]);
    expect(judgeSpecText(ocr, policy, DETECTOR, { title: TITLE })).toEqual([]);
    const weak = {
      ...policy,
      rules: { TITLE_MISSING: { enabled: true, severity: "MEDIUM" as const, minConfidence: 0.3 } },
    };
    const [violation] = judgeSpecText(ocr, weak, DETECTOR, { title: TITLE });
    expect(violation?.confidence).toBe(0.45);
    expect(violation?.evidence?.measured?.unreadLargeLettering).toBe(true);
    expect(violation?.message).toContain("stylised");
  });

  it("is less sure when the title's words are read, but scattered", () => {
    const [scattered] = judgeLines(["HORIZON", TAGLINE, "THE LAST"], policy, TITLE);
    expect(scattered?.confidence).toBe(0.54);
    expect(scattered?.evidence?.measured?.titleWordsRead).toBe("2/2");
  });

  it("truncates the text read to about 300 characters", () => {
    const lines = Array.from({ length: 40 }, (_, i) => `LINE NUMBER ${i} OF THE CREDITS`);
    const read = String(judgeLines(lines, policy, TITLE)[0]?.evidence?.measured?.read);
    expect(read.length).toBeLessThanOrEqual(300);
    expect(read.endsWith("…")).toBe(true);
  });

  it("judges only when the artwork type requires the title and the title is known", () => {
    const notRequired = onlySpecRule("TITLE_MISSING", { artwork: { titleRequired: false } });
    expect(judgeLines(["SOMETHING ELSE"], notRequired, TITLE)).toEqual([]);
    expect(judgeLines(["SOMETHING ELSE"], policy)).toEqual([]);
    expect(judgeLines(["SOMETHING ELSE"], policy, "   ")).toEqual([]);
    expect(judgeLines(["SOMETHING ELSE"], policy, "東京物語")).toEqual([]);
  });

  it("raises nothing when the rule is disabled, and nothing under its minConfidence", () => {
    const off = onlySpecRule("CRITIC_QUOTE", { artwork: { titleRequired: true } });
    expect(judgeLines(["SOMETHING ELSE"], off, TITLE)).toEqual([]);
    const strict = {
      ...policy,
      rules: { TITLE_MISSING: { enabled: true, severity: "HIGH" as const, minConfidence: 0.65 } },
    };
    expect(judgeLines([], strict, TITLE)).toEqual([]);
    expect(judgeLines(["THE FIRST DAWN", TAGLINE, "2026"], strict, TITLE)[0]?.severity).toBe("HIGH");
  });

  it("reads a title over lines stacked close together, not over distant ones", () => {
    const close = ocrOf([TAGLINE, "DARK", "WATER"]);
    expect(judgeSpecText(close, policy, DETECTOR, { title: "Dark Water" })).toEqual([]);
    const apart = ocrOf([TAGLINE, "DARK", "WATER"]);
    const second = apart.lines[2];
    if (second) {
      for (const word of second.words) word.box.y += 400;
      second.box.y += 400;
    }
    expect(judgeSpecText(apart, policy, DETECTOR, { title: "Dark Water" })).toHaveLength(1);
  });
});
