import { describe, expect, it } from "vitest";
import { judgeSpecText } from "../../../src/compliance/rules/spec/judge-spec-text.js";
import type { SafeZone } from "../../../src/domain/policy.js";
import { DETECTOR, onlySpecRule, type PlacedLine, placedOcr } from "./spec-helpers.js";

// On a 1000 × 1500 poster the bottom zone is y 1200..1500, the top one y 0..150,
// the left one x 0..100 and the right one x 900..1000.
const BOTTOM: SafeZone = { name: "bottom UI", x: 0, y: 0.8, width: 1, height: 0.2 };
const TOP: SafeZone = { name: "top badge", x: 0, y: 0, width: 1, height: 0.1 };
const LEFT: SafeZone = { name: "left edge", x: 0, y: 0, width: 0.1, height: 1 };
const RIGHT: SafeZone = { name: "right edge", x: 0.9, y: 0, width: 0.1, height: 1 };
const CENTER: SafeZone = { name: "play button", x: 0.4, y: 0.45, width: 0.2, height: 0.1 };

const policy = onlySpecRule("TEXT_IN_SAFE_ZONE", {
  artwork: { safeZones: [BOTTOM, TOP, LEFT, RIGHT, CENTER] },
});

const judge = (lines: PlacedLine[], zones = policy) => judgeSpecText(placedOcr(lines), zones, DETECTOR, {});
// "SEQUEL" at x 400: 6 × 20 = 120 px wide, 40 px high.
const at = (y: number, x = 400, text = "SEQUEL"): PlacedLine => ({ text, x, y });

describe("TEXT_IN_SAFE_ZONE", () => {
  it.each<[string, PlacedLine, string]>([
    ["wholly inside the bottom zone", at(1300), "bottom UI"],
    ["a quarter inside the bottom zone (just inside)", at(1170), "bottom UI"],
    ["three quarters inside the bottom zone", at(1190), "bottom UI"],
    ["inside the top zone", at(50), "top badge"],
    ["half inside the left zone", at(700, 40), "left edge"],
    ["inside the right zone", at(700, 920, "NEW ONE"), "right edge"],
    ["over the centre zone", at(700, 450), "play button"],
    ["in two zones, reported against the one it overlaps most", at(1400, 20), "bottom UI"],
    ["in a long line across the bottom zone", at(1300, 120, "THE LAST HORIZON BEGINS HERE"), "bottom UI"],
  ])("raises for text %s", (_name, line, zone) => {
    const violations = judge([line]);
    expect(violations.map((v) => v.evidence?.limit?.zone)).toEqual([zone]);
  });

  it.each<[string, PlacedLine[], typeof policy]>([
    ["between the zones", [at(400)], policy],
    ["touching the bottom zone's edge", [at(1160)], policy],
    ["15 % inside the bottom zone (just outside)", [at(1166)], policy],
    ["exactly 20 % inside the bottom zone", [at(1168)], policy],
    ["right of the left zone's edge", [at(700, 100)], policy],
    [
      "in a long line whose end reaches 9 % into a zone",
      [at(400, 300, "A VERY LONG TAGLINE RUNS ON AND ON")],
      policy,
    ],
    ["junk inside a zone", [{ text: "tan", x: 400, y: 1300, confidence: 0.65 }], policy],
    ["inside a zone of a policy with no zones", [at(1300)], onlySpecRule("TEXT_IN_SAFE_ZONE")],
    [
      "inside a zone with the rule disabled",
      [at(1300)],
      onlySpecRule("CRITIC_QUOTE", { artwork: { safeZones: [BOTTOM] } }),
    ],
    ["nothing read", [], policy],
  ])("stays quiet for text %s", (_name, lines, zones) => {
    expect(judge(lines, zones)).toEqual([]);
  });

  it("gives the text, its box and the zone's box and name as evidence", () => {
    const [violation] = judge([at(1190)]);
    expect(violation).toMatchObject({
      code: "TEXT_IN_SAFE_ZONE",
      severity: "MEDIUM",
      confidence: 0.95,
      detector: DETECTOR,
      evidence: {
        text: "SEQUEL",
        boxes: [
          { x: 400, y: 1190, width: 120, height: 40 },
          { x: 0, y: 1200, width: 1000, height: 300 },
        ],
        measured: { overlap: 0.75 },
        limit: { zone: "bottom UI", maxOverlap: 0.2 },
      },
    });
    expect(violation?.message).toContain("bottom UI");
  });

  it("boxes only the readable words of a line, not junk beside them", () => {
    const ocr = placedOcr([at(400, 400, "SEQUEL")]);
    const line = ocr.lines[0];
    line?.words.push({ text: "ee", confidence: 0.6, box: { x: 950, y: 400, width: 40, height: 40 } });
    expect(judgeSpecText(ocr, policy, DETECTOR, {})).toEqual([]);
  });

  it("reports each line in a zone, and counts the title like any text", () => {
    const violations = judgeSpecText(
      placedOcr([at(1250, 400, "THE LAST HORIZON"), at(1350)]),
      policy,
      DETECTOR,
      { title: "The Last Horizon" },
    );
    expect(violations.map((v) => v.evidence?.text)).toEqual(["THE LAST HORIZON", "SEQUEL"]);
  });
});
