import { afterAll, describe, expect, it } from "vitest";
import { OcrJudge } from "../../support/judge-ocr.js";
import { ocrOf } from "../text-rules/ocr-fixture.js";

const judge = new OcrJudge();
const policy = judge.policy();

afterAll(() => judge.close());

/** The evidence of each AVAILABILITY_DATE the engine's verdict holds for a one-line poster. */
const dates = (line: string) =>
  judge.judgeCode("AVAILABILITY_DATE", ocrOf([line]), policy).map((v) => v.evidence?.text);

describe("AVAILABILITY_DATE on real key art (judged by the engine, generic policy)", () => {
  it.each([
    ["PRIL 27", "PRIL 27"],
    ["TuLY 8", "TuLY 8"],
    ["NOVEMBER", "NOVEMBER"],
    ["CHRISTMAS", "CHRISTMAS"],
    ["SUMMER 2017", "SUMMER 2017"],
    ["MARCH 2017", "MARCH 2017"],
    ["8 de junio", "8 de junio"],
    ["LE 9 NOVEMBRE", "9 NOVEMBRE"],
    ["5 KASIM'DA SİNEMALARDA", "5 KASIM'DA"],
    ["ELOKUVATEATTEREISSA HELMIKUUSSA 2020", "ELOKUVATEATTEREISSA"],
    ["12月8日", "12月8日"],
    ["EN CINES", "EN CINES"],
  ])("flags %j", (line, evidence) => {
    expect(dates(line)).toEqual([evidence]);
  });

  it.each(["HELMIKUUSSA", "SİNEMALARDA"])("flags the foreign release wording %j alone", (line) => {
    expect(dates(line)).toHaveLength(1);
  });

  it.each([
    "June 1944",
    "May December",
    "PRIX DU JURY 2019",
    "Jury 12",
    "November Man",
    "THE SUMMER OF 1984",
    "2017",
  ])("does not flag %j", (line) => {
    expect(dates(line)).toEqual([]);
  });

  it("reports a flagged date with the policy's severity and the words' box", () => {
    const [violation] = judge.judgeCode(
      "AVAILABILITY_DATE",
      ocrOf(["THE LAST HARBOR", "LE 9 NOVEMBRE"]),
      policy,
    );
    expect(violation).toMatchObject({ code: "AVAILABILITY_DATE", severity: "MEDIUM", detector: "ocr" });
    // ocrOf: the second line is at y 160, its words 20 px a character from x 50.
    expect(violation?.evidence?.boxes).toEqual([{ x: 110, y: 160, width: 200, height: 40 }]);
  });
});
