import { afterAll, describe, expect, it } from "vitest";
import { OcrJudge } from "../../support/judge-ocr.js";
import { ocrOf } from "../text-rules/ocr-fixture.js";

const judge = new OcrJudge();

afterAll(() => judge.close());

/** The COMPETITOR_BRAND violations of a poster reading `lines`, on `platform` (generic policy). */
const brands = (lines: string[], platform?: string) =>
  judge.judgeCode("COMPETITOR_BRAND", ocrOf(lines), judge.policy({ platform }));

describe("COMPETITOR_BRAND on real key art (judged by the engine, generic policy)", () => {
  describe("a stylised '+' logo OCR misread", () => {
    it.each(["DiNE+", "DisnEp+", "DisNEp-"])(
      "reads %j as Disney+ on a platform that is not Disney+",
      (logo) => {
        for (const platform of [undefined, "netflix", "hulu"]) {
          const [violation, ...rest] = brands(["THE LAST HARBOR", logo], platform);
          expect(rest).toEqual([]);
          expect(violation?.evidence?.text).toBe(logo);
          expect(violation?.message).toContain("Disney+");
          expect(violation?.severity).toBe("HIGH");
        }
      },
    );

    it.each(["DiNE+", "DisnEp+", "DisNEp-"])("raises nothing for %j on disney-plus", (logo) => {
      expect(brands(["THE LAST HARBOR", logo], "disney-plus")).toEqual([]);
    });

    it.each(["DINER", "DINE", "KIDS+"])("does not read %j as a logo", (word) => {
      expect(brands([word], "netflix")).toEqual([]);
    });

    // A hyphen ends many words: read as "-", a logo may be one letter off at most.
    it.each(["PANEL-", "KIDNEY-", "isNEp-"])("does not read the hyphenated %j as a logo", (word) => {
      expect(brands([word], "netflix")).toEqual([]);
    });
  });

  describe("well-known platform slugs own their brand without configuration", () => {
    it("raises nothing for NETFLIX on netflix", () => {
      expect(judge.policy({ platform: "netflix" }).text.ownBrands).toContain("Netflix");
      expect(brands(["THE LAST HARBOR", "NETFLIX"], "netflix")).toEqual([]);
      expect(brands(["ONLY ON NETFLIX"], "netflix")).toEqual([]);
    });

    it("raises for NETFLIX on hulu, and for Hulu on netflix", () => {
      expect(brands(["THE LAST HARBOR", "NETFLIX"], "hulu").map((v) => v.evidence?.text)).toEqual([
        "NETFLIX",
      ]);
      expect(brands(["ONLY ON HULU"], "netflix").map((v) => v.evidence?.text)).toEqual(["HULU"]);
    });

    it("lets a platform say every name of its family (Prime Video may say Amazon Prime)", () => {
      expect(brands(["AMAZON PRIME"], "prime-video")).toEqual([]);
      expect(brands(["AMAZON PRIME"], "netflix")).toHaveLength(1);
    });

    it("owns nothing for an unknown slug: NETFLIX is a competitor there", () => {
      expect(brands(["NETFLIX"], "streamflix")).toHaveLength(1);
    });
  });
});
