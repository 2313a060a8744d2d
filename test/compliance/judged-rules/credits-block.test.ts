import { afterAll, describe, expect, it } from "vitest";
import type { OcrObservation } from "../../../src/compliance/observations/ocr-observation.js";
import { OcrJudge } from "../../support/judge-ocr.js";
import { ocrOf } from "../text-rules/ocr-fixture.js";

const judge = new OcrJudge();
const policy = judge.policy();

afterAll(() => judge.close());

const credits = (ocr: OcrObservation) => judge.judgeCode("CREDITS_BLOCK", ocr, policy);

describe("CREDITS_BLOCK on real key art (judged by the engine, generic policy)", () => {
  it.each([
    ["A RIDLEY SCOTT FILM", "A RIDLEY SCOTT FILM"],
    ["AN ASHUTOSH GOWARIKER FILM", "AN ASHUTOSH GOWARIKER FILM"],
    ["TANELI MUSTOSEN ELOKUVA", "TANELI MUSTOSEN ELOKUVA"],
    ["Klaus Haronelokuva", "Klaus Haronelokuva"],
    ["FROM THE PRODUCERS OF GODZILLA", "FROM THE PRODUCERS OF"],
    ["UN FILM DE NICOLAS BEDOS", "UN FILM DE"],
    ["AFILMBYLADJLY", "AFILMBYLADJLY"],
    ["AFILM BYAGNIESZKA HOLLAND", "AFILM BYAGNIESZKA"],
    ["FROM THE TWISTED MINDS THAT BROUGHT YOU", "THAT BROUGHT YOU"],
    ["《勇敢的心》导演梅尔·吉布森", "《勇敢的心》导演梅尔·吉布森"],
  ])("flags the credit line %j", (line, evidence) => {
    const found = credits(ocrOf(["THE LAST HARBOR", line]));
    expect(found.map((v) => v.evidence?.text)).toEqual([evidence]);
    expect(found[0]?.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it.each([
    "AN UNFORGETTABLE FILM",
    "A GREAT FAMILY FILM",
    "A NETFLIX FILM",
    "AN APPLE ORIGINAL FILM",
    "MADE BY A FILMMAKER",
    "A FILM",
  ])("does not flag %j", (line) => {
    expect(credits(ocrOf(["THE LAST HARBOR", line]))).toEqual([]);
  });

  describe("a billing block found by its shape, its words unread", () => {
    const box = { x: 260, y: 1290, width: 480, height: 90 };

    it("raises CREDITS_BLOCK with the block's box as evidence", () => {
      const ocr: OcrObservation = {
        ...ocrOf(["THE LAST HARBOR"]),
        billingBlocks: [{ box, rows: 3, letterHeightShare: 0.012 }],
      };
      const [violation, ...rest] = credits(ocr);
      expect(rest).toEqual([]);
      expect(violation).toMatchObject({
        code: "CREDITS_BLOCK",
        severity: "MEDIUM",
        detector: "ocr",
        evidence: { boxes: [box], measured: { rows: 3 } },
      });
      expect(violation?.confidence).toBeGreaterThanOrEqual(0.5);
    });

    it("is surer the more rows the block has", () => {
      const confidence = (rows: number) =>
        credits({ ...ocrOf(["THE LAST HARBOR"]), billingBlocks: [{ box, rows, letterHeightShare: 0.01 }] })[0]
          ?.confidence ?? 0;
      expect(confidence(4)).toBeGreaterThan(confidence(3));
    });

    it("raises nothing without the block", () => {
      expect(credits({ ...ocrOf(["THE LAST HARBOR"]), billingBlocks: [] })).toEqual([]);
    });
  });
});
