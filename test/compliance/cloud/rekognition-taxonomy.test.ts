import { describe, expect, it } from "vitest";
import {
  codeOfLabel,
  type ModerationLabel,
  mapModerationLabels,
} from "../../../src/compliance/detectors/cloud/rekognition-taxonomy.js";

const label = (
  Name: string,
  ParentName: string,
  Confidence: number,
  TaxonomyLevel: number,
): ModerationLabel => ({
  Name,
  ParentName,
  Confidence,
  TaxonomyLevel,
});

const codes = (labels: ModerationLabel[]) =>
  mapModerationLabels(labels).findings.map((f) => [f.label, f.code]);

describe("Rekognition taxonomy mapping", () => {
  it("maps the v7 top-level categories", () => {
    expect(
      codes([
        label("Explicit", "", 99, 1),
        label("Non-Explicit Nudity of Intimate parts and Kissing", "", 90, 1),
        label("Swimwear or Underwear", "", 90, 1),
        label("Violence", "", 90, 1),
        label("Visually Disturbing", "", 90, 1),
        label("Drugs & Tobacco", "", 90, 1),
        label("Alcohol", "", 90, 1),
        label("Rude Gestures", "", 90, 1),
        label("Hate Symbols", "", 90, 1),
      ]),
    ).toEqual([
      ["Explicit", "NUDITY"],
      ["Non-Explicit Nudity of Intimate parts and Kissing", "SUGGESTIVE"],
      ["Swimwear or Underwear", "SUGGESTIVE"],
      ["Violence", "VIOLENCE"],
      ["Visually Disturbing", "VIOLENCE"],
      ["Drugs & Tobacco", "DRUGS_ALCOHOL"],
      ["Alcohol", "DRUGS_ALCOHOL"],
      ["Rude Gestures", "PROFANITY"],
      ["Hate Symbols", "HATE_SYMBOLS"],
    ]);
  });

  it("maps the older v6 top-level names", () => {
    expect(
      codes([
        label("Explicit Nudity", "", 99, 1),
        label("Suggestive", "", 90, 1),
        label("Drugs", "", 90, 1),
        label("Tobacco", "", 90, 1),
      ]),
    ).toEqual([
      ["Explicit Nudity", "NUDITY"],
      ["Suggestive", "SUGGESTIVE"],
      ["Drugs", "DRUGS_ALCOHOL"],
      ["Tobacco", "DRUGS_ALCOHOL"],
    ]);
  });

  it("gives weapons their own code under Violence, in v7 and v6", () => {
    expect(codes([label("Weapons", "Violence", 95, 2), label("Weapon Violence", "Violence", 90, 2)])).toEqual(
      [
        ["Weapons", "WEAPONS"],
        ["Weapon Violence", "VIOLENCE"],
      ],
    );
  });

  it("maps a third-level label through its parents, even one the table does not name", () => {
    const parents = new Map([
      ["Exposed Female Nipple", "Explicit Nudity"],
      ["Nazi Salute", "Nazi Party"],
      ["Brand New Label", "Some New Category"],
      ["Some New Category", "Violence"],
    ]);
    expect(codeOfLabel("Exposed Female Nipple", parents)).toBe("NUDITY");
    expect(codeOfLabel("Nazi Salute", parents)).toBe("HATE_SYMBOLS");
    expect(codeOfLabel("Brand New Label", parents)).toBe("VIOLENCE");
    expect(codeOfLabel("Unheard Of", parents)).toBeUndefined();
  });

  it("keeps unmapped labels, a kiss and gambling, as scores that raise nothing", () => {
    const mapped = mapModerationLabels([
      label("Non-Explicit Nudity of Intimate parts and Kissing", "", 71, 1),
      label("Kissing on the Lips", "Non-Explicit Nudity of Intimate parts and Kissing", 71, 2),
      label("Gambling", "", 64.5, 1),
      label("Gambling", "Gambling", 64, 2),
    ]);
    expect(mapped.findings.map((f) => f.label)).toEqual([
      "Non-Explicit Nudity of Intimate parts and Kissing",
    ]);
    expect(mapped.scores).toEqual({
      "Non-Explicit Nudity of Intimate parts and Kissing": 0.71,
      "Kissing on the Lips": 0.71,
      Gambling: 0.645,
    });
  });

  it("scales confidence to 0..1 and names the label's lineage for reviewers", () => {
    const [finding] = mapModerationLabels([
      label("Graphic Violence", "Violence", 92, 2),
      label("Blood & Gore", "Graphic Violence", 88.5, 3),
    ]).findings.slice(1);
    expect(finding).toEqual({
      code: "VIOLENCE",
      confidence: 0.885,
      label: "Blood & Gore",
      rationale: "Rekognition moderation label Violence › Graphic Violence › Blood & Gore (level 3)",
    });
  });
});
