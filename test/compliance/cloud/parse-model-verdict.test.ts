import { describe, expect, it } from "vitest";
import { ModelOutputError } from "../../../src/compliance/detectors/cloud/cloud-model-error.js";
import {
  findingsFromVerdict,
  verdictFromText,
} from "../../../src/compliance/detectors/cloud/parse-model-verdict.js";

const poster = { width: 1000, height: 1500 };

describe("findingsFromVerdict", () => {
  it("turns fractional boxes into poster pixels, clipped to the poster", () => {
    const findings = findingsFromVerdict(
      {
        findings: [
          {
            code: "LOGO_OR_WATERMARK",
            confidence: 0.9,
            label: "bug",
            box: { x: 0.9, y: 0.9, width: 0.2, height: 0.2 },
          },
        ],
      },
      poster,
    );
    expect(findings[0]?.boxes).toEqual([{ x: 900, y: 1350, width: 100, height: 150 }]);
  });

  it("drops an empty box and a null rationale or box, keeping the finding", () => {
    const findings = findingsFromVerdict(
      {
        findings: [
          { code: "WEAPONS", confidence: 0.5, label: "knife", rationale: null, box: null },
          {
            code: "WEAPONS",
            confidence: 0.5,
            label: "sword",
            rationale: "",
            box: { x: 0.5, y: 0.5, width: 0, height: 0.1 },
          },
        ],
      },
      poster,
    );
    expect(findings).toEqual([
      { code: "WEAPONS", confidence: 0.5, label: "knife" },
      { code: "WEAPONS", confidence: 0.5, label: "sword" },
    ]);
  });

  it.each([
    ["null", null],
    ["a string", "compliant"],
    [
      "a code that is not a content code",
      { findings: [{ code: "LOW_RESOLUTION", confidence: 0.5, label: "small" }] },
    ],
    ["an empty label", { findings: [{ code: "NUDITY", confidence: 0.5, label: " " }] }],
    ["a confidence given as text", { findings: [{ code: "NUDITY", confidence: "0.5", label: "nude" }] }],
  ])("throws on %s", (_, verdict) => {
    expect(() => findingsFromVerdict(verdict, poster)).toThrow(ModelOutputError);
  });
});

describe("verdictFromText", () => {
  it("reads bare JSON and JSON in a ```json fence", () => {
    expect(verdictFromText(' {"findings": []}\n')).toEqual({ findings: [] });
    expect(verdictFromText('```json\n{"findings": []}\n```')).toEqual({ findings: [] });
    expect(verdictFromText('```JSON\n{"findings": []}```')).toEqual({ findings: [] });
  });

  it.each([
    ["a bare fence", '```\n{"findings": []}\n```'],
    ["text after the fence", '```json\n{"findings": []}\n```\nHope this helps!'],
    ["two objects", '{"findings": []} {"findings": []}'],
    ["nothing", ""],
  ])("refuses %s", (_, text) => {
    expect(() => verdictFromText(text)).toThrow(/model output is not a JSON object/);
  });
});
