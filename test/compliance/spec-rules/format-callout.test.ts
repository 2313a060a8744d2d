import { describe, expect, it } from "vitest";
import { DETECTOR, flagged, judgeLines, onlySpecRule } from "./spec-helpers.js";

const policy = onlySpecRule("FORMAT_CALLOUT");

describe("FORMAT_CALLOUT", () => {
  it.each([
    ["Now on DVD", ["DVD"]],
    ["Now on DVD and Blu-ray", ["DVD", "Blu-ray"]],
    ["BluRay", ["BluRay"]],
    ["Blu ray", ["Blu ray"]],
    ["4K Ultra HD", ["4K Ultra HD"]],
    ["4K UHD Blu-ray", ["4K UHD Blu-ray"]],
    ["Ultra HD", ["Ultra HD"]],
    ["Digital HD", ["Digital HD"]],
    ["Own it on Digital", ["Own it on Digital"]],
    ["Download now", ["Download now"]],
    ["Avai1able on VOD", ["VOD"]],
    ["Available on demand", ["on demand"]],
    ["Streaming in 4K", ["4K"]],
    ["Experience it in IMAX", ["IMAX"]],
    ["in 3D", ["3D"]],
    ["Dolby Vision", ["Dolby Vision"]],
    ["STEELBOOK", ["STEELBOOK"]],
    ["HDR10+", ["HDR10+"]],
    ["D0WNL0AD", ["D0WNL0AD"]],
    ["Blu-ray™ Disc", ["Blu-ray"]],
  ])("flags %j", (line, evidence) => {
    expect(flagged(line, policy)).toEqual(evidence);
  });

  it.each([
    "In space no one can hear you scream",
    "2026",
    "Ed Harris",
    "AK-47",
    "The digital age",
    "Dial M for Murder",
    "Blue Ray",
    "Demand justice",
    "Now streaming",
    "4 kids and a dog",
    "Readers beware",
    "The screen goes dark",
  ])("does not flag %j", (line) => {
    expect(flagged(line, policy)).toEqual([]);
  });

  it("allows the known title and the platform's own brand", () => {
    expect(flagged("DOWNLOAD", policy, "Download")).toEqual([]);
    expect(flagged("STEP UP 3D", policy, "Step Up 3D")).toEqual([]);
    expect(flagged("STEP UP 3D", policy)).toEqual(["3D"]);
    const ownBrand = onlySpecRule("FORMAT_CALLOUT", { text: { ownBrands: ["IMAX Enhanced"] } });
    expect(flagged("IMAX Enhanced", ownBrand)).toEqual([]);
  });

  it("gives the term, words, box and a confidence from the words and the match", () => {
    const [violation] = judgeLines(
      [[{ text: "Now" }, { text: "on" }, { text: "DVD", confidence: 0.8 }]],
      policy,
    );
    expect(violation).toEqual({
      code: "FORMAT_CALLOUT",
      severity: "MEDIUM",
      confidence: 0.8,
      message: 'The poster advertises a format ("dvd"): "DVD".',
      detector: DETECTOR,
      evidence: {
        text: "DVD",
        boxes: [{ x: 50 + 3 * 20 + 20 + 2 * 20 + 20, y: 100, width: 60, height: 40 }],
        measured: { term: "dvd", match: "exact" },
      },
    });
  });

  it("drops findings under the rule's minConfidence, and raises nothing when disabled", () => {
    const strict = onlySpecRule("FORMAT_CALLOUT");
    strict.rules.FORMAT_CALLOUT = { enabled: true, severity: "LOW", minConfidence: 0.9 };
    expect(flagged([[{ text: "DVD", confidence: 0.85 }]], strict)).toEqual([]);
    expect(judgeLines(["DVD"], strict)[0]?.severity).toBe("LOW");
    expect(flagged("Now on DVD", onlySpecRule("CRITIC_QUOTE"))).toEqual([]);
  });
});
