import { describe, expect, it } from "vitest";
import {
  defaultTextRuleSettings,
  judgeText,
  TEXT_RULE_CODES,
  textRuleSettingsFor,
} from "../../../src/compliance/rules/text/judge-text.js";
import { DETECTOR, flagged, judgeLines, onlyRule } from "./judge-helpers.js";
import { ocrOf } from "./ocr-fixture.js";

describe("judgeText", () => {
  const defaults = defaultTextRuleSettings();

  it("enables every text rule by default", () => {
    expect(TEXT_RULE_CODES.every((code) => defaults.rules[code]?.enabled)).toBe(true);
    expect(defaults.excessiveTextMaxAreaFraction).toBe(0.25);
    expect(defaults.competitorBrands).toEqual(expect.arrayContaining(["Netflix", "Disney+", "Hulu", "Max"]));
  });

  it("raises nothing on an ordinary poster", () => {
    const poster = [
      "THE LAST HORIZON",
      "A film by Jane Doe",
      "Starring John Smith and Maxine Brooks",
      "Some secrets never die",
      "DIRECTED BY JANE DOE WRITTEN BY JOHN ROE MUSIC BY ANN LEE",
      "#TheLastHorizon",
      "2026",
    ];
    expect(judgeLines(poster, defaults)).toEqual([]);
  });

  it("reports each finding with the rule's severity, the detector and evidence", () => {
    const settings = defaultTextRuleSettings({
      rules: { COMPETITOR_BRAND: { enabled: true, severity: "CRITICAL", minConfidence: 0.5 } },
    });
    expect(judgeLines(["Only on Hulu"], settings)).toEqual([
      {
        code: "COMPETITOR_BRAND",
        severity: "CRITICAL",
        confidence: 0.95,
        message: 'The poster names another streaming service (Hulu): "Hulu".',
        detector: DETECTOR,
        evidence: {
          text: "Hulu",
          boxes: [{ x: 50 + 4 * 20 + 20 + 2 * 20 + 20, y: 100, width: 80, height: 40 }],
          measured: { term: "Hulu", match: "exact" },
        },
      },
    ]);
  });

  it("gives as evidence box the union of the matched words' boxes", () => {
    const ocr = ocrOf(["THE LAST HORIZON", "in theaters and streaming Dec 25"]);
    const [finding] = judgeText(ocr, onlyRule("AVAILABILITY_DATE"), DETECTOR);
    const words = ocr.lines[1]?.words ?? [];
    const first = words[0]?.box;
    const second = words[1]?.box;
    expect(finding?.evidence?.text).toBe("in theaters");
    expect(finding?.evidence?.boxes).toEqual([
      {
        x: first?.x,
        y: first?.y,
        width: (second?.x ?? 0) + (second?.width ?? 0) - (first?.x ?? 0),
        height: 40,
      },
    ]);
    const all = judgeText(ocr, onlyRule("AVAILABILITY_DATE"), DETECTOR);
    expect(all.map((v) => v.evidence?.text)).toEqual(["in theaters", "streaming Dec 25"]);
  });

  it("raises nothing for a disabled or absent rule", () => {
    const off = defaultTextRuleSettings({
      rules: { PRICE_OR_PROMO: { enabled: false, severity: "HIGH", minConfidence: 0 } },
    });
    expect(judgeLines(["$9.99 Netflix fuck www.x.com"], off)).toEqual([]);
  });

  it("derives confidence from the weakest matched word times the match quality", () => {
    const settings = onlyRule("COMPETITOR_BRAND");
    const [spaced] = judgeLines(
      [
        [
          { text: "Net", confidence: 0.9 },
          { text: "flix", confidence: 0.6 },
        ],
      ],
      settings,
    );
    expect(spaced?.confidence).toBe(0.57);
  });

  it("drops findings under the rule's minConfidence", () => {
    const strict = onlyRule("COMPETITOR_BRAND", {
      rules: { COMPETITOR_BRAND: { enabled: true, severity: "HIGH", minConfidence: 0.8 } },
    });
    expect(flagged("Netflix", strict)).toEqual(["Netflix"]);
    // one edit: 0.95 × 0.8 = 0.76
    expect(flagged("Netflx", strict)).toEqual([]);
    expect(judgeLines([[{ text: "Netflix", confidence: 0.7 }]], strict)).toEqual([]);
  });

  it("lets an allowed term cover a match on any code", () => {
    const settings = defaultTextRuleSettings({ allowedTerms: ["Rent", "studio.com"] });
    expect(judgeLines(["RENT", "studio.com"], settings)).toEqual([]);
    expect(judgeLines(["Rent now"], settings).map((v) => v.evidence?.text)).toEqual(["Rent now"]);
  });

  it("raises policy-banned terms under the code each is configured for", () => {
    const settings = defaultTextRuleSettings({
      rules: {
        FORMAT_CALLOUT: { enabled: true, severity: "LOW", minConfidence: 0.5 },
        AWARD_REFERENCE: { enabled: false, severity: "LOW", minConfidence: 0.5 },
      },
      extraBannedTerms: [
        { term: "IMAX", code: "FORMAT_CALLOUT" },
        { term: "Dolby Vision", code: "FORMAT_CALLOUT" },
        { term: "Oscar winner", code: "AWARD_REFERENCE" },
      ],
    });
    const found = judgeLines(["See it in IMAX and DOLBY VISI0N", "Oscar winner"], settings);
    expect(found.map((v) => [v.code, v.evidence?.text, v.severity])).toEqual([
      ["FORMAT_CALLOUT", "IMAX", "LOW"],
      ["FORMAT_CALLOUT", "DOLBY VISI0N", "LOW"],
    ]);
  });

  it("reads its settings from a policy and allows the poster's known title", () => {
    const policy = {
      rules: { PRICE_OR_PROMO: { enabled: true, severity: "HIGH" as const, minConfidence: 0.5 } },
      text: {
        ownBrands: [],
        competitorBrands: ["Netflix"],
        bannedTerms: [],
        allowedTerms: [],
        maxTextAreaFraction: 0.25,
      },
    };
    expect(judgeLines(["FREE GUY"], textRuleSettingsFor(policy)).map((v) => v.severity)).toEqual(["HIGH"]);
    expect(judgeLines(["FREE GUY"], textRuleSettingsFor(policy, "Free Guy"))).toEqual([]);
    expect(judgeLines(["FREE GUY", "Free trial"], textRuleSettingsFor(policy, "Free Guy"))).toHaveLength(1);
  });

  it("judges a line that has no word boxes by its line box", () => {
    const ocr = {
      imageWidth: 1000,
      imageHeight: 1500,
      lines: [
        { text: "Coming soon", confidence: 0.9, box: { x: 10, y: 20, width: 300, height: 50 }, words: [] },
      ],
    };
    const [finding] = judgeText(ocr, onlyRule("AVAILABILITY_DATE"), DETECTOR);
    expect(finding?.evidence).toMatchObject({
      text: "Coming soon",
      boxes: [{ x: 10, y: 20, width: 300, height: 50 }],
    });
    expect(finding?.confidence).toBe(0.9);
  });

  it("finds several codes on one poster, in line order", () => {
    const found = judgeLines(["NOW STREAMING", "only on Hulu", "www.hulu.com"], defaults);
    expect(found.map((v) => [v.code, v.evidence?.text])).toEqual([
      ["AVAILABILITY_DATE", "NOW STREAMING"],
      ["COMPETITOR_BRAND", "Hulu"],
      ["URL_OR_CONTACT", "www.hulu.com"],
      ["COMPETITOR_BRAND", "www.hulu.com"],
    ]);
  });

  it("judges a 50-line poster quickly (the figure is printed, not asserted)", () => {
    const sample = [
      "THE LAST HORIZON",
      "DIRECTED BY JANE DOE WRITTEN BY JOHN ROE MUSIC BY ANN LEE PRODUCED BY MAX POWER",
      "Some secrets never die and some stories never end",
      "In theaters December 25 and streaming on Netflix",
      "Visit www.lasthorizon.com or call 555-123-4567",
      "Only $9.99 for a limited time",
      "Starring John Smith Maxine Brooks Peter Parker Mary Jane Watson",
      "Holy sh1t what a ride",
      "#TheLastHorizon @lasthorizon",
      "2026",
    ];
    const ocr = ocrOf(Array.from({ length: 50 }, (_, i) => sample[i % sample.length] as string));
    const settings = defaultTextRuleSettings();
    const first = judgeText(ocr, settings, DETECTOR);
    for (let i = 0; i < 20; i++) judgeText(ocr, settings, DETECTOR);
    const rounds = 100;
    const counts = new Set<number>();
    const started = performance.now();
    for (let i = 0; i < rounds; i++) counts.add(judgeText(ocr, settings, DETECTOR).length);
    const perPosterMs = (performance.now() - started) / rounds;
    console.log(
      `judgeText: ${perPosterMs.toFixed(2)} ms for a 50-line poster, ${((perPosterMs / 50) * 1000).toFixed(0)} µs a line`,
    );
    expect([...counts]).toEqual([first.length]);
    // 5 of every 10 sample lines carry findings, some more than one.
    expect(first.length).toBeGreaterThanOrEqual(25);
  });
});
