import { describe, expect, it } from "vitest";
import { flagged, judgeLines, onlyRule } from "./judge-helpers.js";

const settings = onlyRule("PROFANITY");

describe("PROFANITY", () => {
  it.each([
    ["Holy shit", "shit"],
    ["SH1T", "SH1T"],
    ["sh!t", "sh!t"],
    ["f*ck", "f*ck"],
    ["F**K", "F**K"],
    ["f#ck", "f#ck"],
    ["fuuuuck", "fuuuuck"],
    ["BULLSHIT", "BULLSHIT"],
    ["Bull shit", "Bull shit"],
    ["a$$hole", "a$$hole"],
    ["motherfcker", "motherfcker"],
    ["You bitch!", "bitch!"],
  ])("flags %j", (line, evidence) => {
    expect(flagged(line, settings)).toEqual([evidence]);
  });

  it.each([
    "Scunthorpe",
    "class",
    "assassin",
    "cocktail",
    "Where are you",
    "The Witch",
    "The price",
    "Shiitake",
    "passage",
    "As seen on TV",
    "Dickens",
    "Rated R*",
    "****",
    "witches",
    "Who're you",
    "Bulls hit back",
  ])("does not flag %j", (line) => {
    expect(flagged(line, settings)).toEqual([]);
  });

  it("raises policy terms under the profanity code when configured so", () => {
    const strict = onlyRule("PROFANITY", { extraBannedTerms: [{ term: "damn", code: "PROFANITY" }] });
    expect(flagged("Damn", settings)).toEqual([]);
    const [found] = judgeLines(["Damn"], strict);
    expect(found?.code).toBe("PROFANITY");
    expect(found?.evidence?.text).toBe("Damn");
  });
});
