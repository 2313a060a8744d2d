import { afterAll, describe, expect, it } from "vitest";
import type { OcrObservation } from "../../../src/compliance/observations/ocr-observation.js";
import type { Policy } from "../../../src/domain/policy.js";
import { OcrJudge } from "../../support/judge-ocr.js";
import { ocrOf } from "../text-rules/ocr-fixture.js";

const judge = new OcrJudge();
/** Prime Video key art: the title treatment must be on the poster. */
const primeVideo = judge.policy({ preset: "prime-video" });

afterAll(() => judge.close());

const TAGLINE = "IN SPACE NO ONE CAN HEAR YOU SCREAM";
const OTHER_TEXT = ["THE FIRST DAWN", TAGLINE, "2026"];

const missing = (ocr: OcrObservation, title: string, policy: Policy = primeVideo) =>
  judge.judgeCode("TITLE_MISSING", ocr, policy, title);

describe("TITLE_MISSING on real key art (judged by the engine, prime-video preset)", () => {
  it("requires the title on Prime Video posters", () => {
    expect(primeVideo.artwork.titleRequired).toBe(true);
  });

  it.each([
    ["read approximately", ["NIGHT AEMUSEUM", TAGLINE], "Night at the Museum"],
    ["read approximately", ["There Bill Be Blond"], "There Will Be Blood"],
    ["cut short", ["PAN'S LABYRIN", "2026"], "Pan's Labyrinth"],
    ["split over lines", ["PAN'S", "LABYRINTH", TAGLINE], "Pan's Labyrinth"],
    ["split over lines", ["NIGHT AT", "THE MUSEUM"], "Night at the Museum"],
    ["only by its main part", ["AVENGERS", "MAY 1"], "Avengers: Doomsday"],
    ["only by its main part", ["MISSION IMPOSSIBLE", TAGLINE], "Mission: Impossible – Dead Reckoning"],
  ])("finds a title %s (%j for %j)", (_how, lines, title) => {
    expect(missing(ocrOf(lines), title)).toEqual([]);
  });

  it.each([
    [OTHER_TEXT, "Pan's Labyrinth"],
    [OTHER_TEXT, "There Will Be Blood"],
    [["DIRECTED BY PAUL THOMAS ANDERSON", "DANIEL DAY LEWIS", "PAUL DANO"], "Drive"],
    [["AVENGERS ASSEMBLE", TAGLINE], "Fantastic Four: First Steps"],
  ])("raises when the poster reads other text entirely (%j for %j)", (lines, title) => {
    const [violation, ...rest] = missing(ocrOf(lines), title);
    expect(rest).toEqual([]);
    expect(violation).toMatchObject({ code: "TITLE_MISSING", severity: "HIGH", evidence: { text: title } });
    expect(violation?.confidence).toBeGreaterThanOrEqual(0.8);
  });

  it("raises nothing when the policy does not require the title (generic poster)", () => {
    expect(missing(ocrOf(OTHER_TEXT), "There Will Be Blood", judge.policy())).toEqual([]);
  });

  describe("large lettering detected but not read", () => {
    /** Where the title treatment would be: 200 px high on a 1500 px poster, no line over it. */
    const lettering = { x: 100, y: 700, width: 800, height: 200 };
    const withRegions = (regions: OcrObservation["regions"]) => ({ ...ocrOf(OTHER_TEXT), regions });
    /** The same policy, but counting findings from 0.3 up. */
    const lenient: Policy = {
      ...primeVideo,
      rules: { ...primeVideo.rules, TITLE_MISSING: { enabled: true, severity: "HIGH", minConfidence: 0.3 } },
    };

    it("keeps the finding below the default minimum confidence: no violation", () => {
      expect(missing(withRegions([]), "There Will Be Blood")).toHaveLength(1);
      expect(missing(withRegions([lettering]), "There Will Be Blood")).toEqual([]);
    });

    it("still finds it, weakly, for a policy that counts weak findings", () => {
      const [violation] = missing(withRegions([lettering]), "There Will Be Blood", lenient);
      expect(violation?.confidence).toBeLessThan(0.5);
      expect(violation?.evidence?.measured?.unreadLargeLettering).toBe(true);
    });

    it("is not weakened by fine print, nor by a region a read line covers", () => {
      const finePrint = { x: 100, y: 1400, width: 300, height: 20 };
      // ocrOf's first line: y 100, 40 px high, 280 px wide from x 50.
      const readLine = { x: 50, y: 95, width: 280, height: 55 };
      for (const region of [finePrint, readLine]) {
        const [violation] = missing(withRegions([region]), "There Will Be Blood");
        expect(violation?.confidence).toBeGreaterThanOrEqual(0.8);
      }
    });
  });

  // Short titles are never matched approximately: they must stand as whole words on a line.
  it.each([
    [["SUPPORT YOUR LOCAL CINEMA", TAGLINE], "Up"],
    [["THE WITCHING HOUR", TAGLINE], "It"],
  ])("raises when the title only hides inside other words (%j for %j)", (lines, title) => {
    expect(missing(ocrOf(lines), title)).toHaveLength(1);
  });
});
