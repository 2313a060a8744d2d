import { afterAll, describe, expect, it } from "vitest";
import { OcrJudge } from "../../support/judge-ocr.js";
import { ocrOf } from "../text-rules/ocr-fixture.js";

const judge = new OcrJudge();
const policy = judge.policy();

afterAll(() => judge.close());

const evidence = (code: "FORMAT_CALLOUT" | "CRITIC_QUOTE", lines: string[]) =>
  judge.judgeCode(code, ocrOf(lines), policy).map((v) => v.evidence?.text);

describe("FORMAT_CALLOUT on real key art (judged by the engine, generic policy)", () => {
  it.each([
    ["SEE IT IN REAL D 3D", "REAL D 3D"],
    ["MX4D", "MX4D"],
    ["IN PREMIUM FORMATS", "PREMIUM FORMATS"],
  ])("flags %j", (line, text) => {
    expect(evidence("FORMAT_CALLOUT", [line])).toEqual([text]);
  });

  it.each(["REAL ESTATE", "A REAL DEAL", "GET REAL", "PREMIUM"])("does not flag %j", (line) => {
    expect(evidence("FORMAT_CALLOUT", [line])).toEqual([]);
  });
});

describe("CRITIC_QUOTE: quotation marks of other languages", () => {
  it.each(["« Un chef-d'œuvre » — PREMIERE", "« Bouleversant » - PREMIERE", "《 A triumph 》 — PREMIERE"])(
    "reads %j as a quote signed by an outlet",
    (line) => {
      expect(evidence("CRITIC_QUOTE", ["THE LAST HARBOR", line])).toEqual([line]);
    },
  );

  it("needs the marks: the same words unquoted are no critic's quote", () => {
    expect(evidence("CRITIC_QUOTE", ["THE LAST HARBOR", "Un chef-d'œuvre — PREMIERE"])).toEqual([]);
    expect(evidence("CRITIC_QUOTE", ["THE LAST HARBOR", "A triumph — PREMIERE"])).toEqual([]);
  });
});
