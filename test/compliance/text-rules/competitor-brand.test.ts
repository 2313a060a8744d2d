import { describe, expect, it } from "vitest";
import { flagged, judgeLines, onlyRule } from "./judge-helpers.js";

const settings = onlyRule("COMPETITOR_BRAND");

describe("COMPETITOR_BRAND", () => {
  it.each([
    ["Netflix", "Netflix"],
    ["ONLY ON NETFLIX", "NETFLIX"],
    ["Net flix", "Net flix"],
    ["Netfiix", "Netfiix"],
    ["N3tflix", "N3tflix"],
    ["Netflx", "Netflx"],
    ["Netflix*", "Netflix*"],
    ["Netflix's new series", "Netflix's"],
    ["Disney+", "Disney+"],
    ["Disney Plus", "Disney Plus"],
    ["DisneyPlus", "DisneyPlus"],
    ["Disney +", "Disney +"],
    ["HBO Max", "HBO Max"],
    ["MAX", "MAX"],
    ["Hulu", "Hulu"],
    ["Apple TV+", "Apple TV+"],
    ["Paramount+", "Paramount+"],
    ["Prime Video", "Prime Video"],
    ["Amazon Prime", "Amazon Prime"],
    ["Crunchyrol", "Crunchyrol"],
    ["Peacock", "Peacock"],
    ["STARZ", "STARZ"],
  ])("flags %j", (line, evidence) => {
    expect(flagged(line, settings)).toEqual([evidence]);
  });

  it.each([
    "Maximum",
    "Maxine",
    "IMAX",
    "Walt Disney Pictures",
    "Paramount Pictures",
    "Amazon",
    "Stars",
    "Peacocks",
    "Prime time",
    "Apple",
    "Discovery",
    "Pluto",
    "Canopy",
    "It is show time",
    "Hot star of the year",
  ])("does not flag %j", (line) => {
    expect(flagged(line, settings)).toEqual([]);
  });

  it("allows the poster's own platform, however OCR spells it", () => {
    const netflixPoster = onlyRule("COMPETITOR_BRAND", { ownBrands: ["Netflix"] });
    expect(flagged("Only on Netflix", netflixPoster)).toEqual([]);
    expect(flagged("Only on N3tfl1x", netflixPoster)).toEqual([]);
    expect(flagged("Also on Hulu", netflixPoster)).toEqual(["Hulu"]);
  });

  it("allows every name of the own platform's family", () => {
    expect(flagged("Amazon Prime", onlyRule("COMPETITOR_BRAND", { ownBrands: ["Prime Video"] }))).toEqual([]);
    expect(flagged("MAX", onlyRule("COMPETITOR_BRAND", { ownBrands: ["HBO Max"] }))).toEqual([]);
  });

  it("does not count a competitor name inside an own name", () => {
    const ownHuluKids = onlyRule("COMPETITOR_BRAND", {
      ownBrands: ["Hulu Kids"],
      competitorBrands: ["Hulu"],
    });
    expect(flagged("Hulu Kids", ownHuluKids)).toEqual([]);
    expect(flagged("Hulu", ownHuluKids)).toEqual(["Hulu"]);
  });

  it("counts a word-like name such as Max only where it reads as the service", () => {
    expect(flagged("MAX", settings)).toEqual(["MAX"]);
    expect(flagged("Only on Max", settings)).toEqual(["Max"]);
    expect(flagged("A MAX ORIGINAL", settings)).toEqual(["MAX"]);
    expect(flagged("Streaming on Peacock", settings)).toEqual(["Peacock"]);
    expect(flagged("MAD MAX", settings)).toEqual([]);
    expect(flagged("Starring Max von Sydow", settings)).toEqual([]);
    expect(flagged("It's showtime", settings)).toEqual([]);
    expect(flagged("The peacock flies", settings)).toEqual([]);
  });

  it("lets text inside an allowed term through", () => {
    const allowed = onlyRule("COMPETITOR_BRAND", { allowedTerms: ["Netflix and Chill"] });
    expect(flagged("NETFLIX AND CHILL", settings)).toEqual(["NETFLIX"]);
    expect(flagged("NETFLIX AND CHILL", allowed)).toEqual([]);
    expect(flagged("Netflix and Chill on Netflix", allowed)).toEqual(["Netflix"]);
  });

  it("uses the configured competitor list", () => {
    const custom = onlyRule("COMPETITOR_BRAND", { competitorBrands: ["Filmbox"] });
    expect(flagged("Netflix", custom)).toEqual([]);
    expect(flagged("FILMB0X", custom)).toEqual(["FILMB0X"]);
  });

  it("names the service and how the match was made", () => {
    const [exact] = judgeLines(["Netflix"], settings);
    const [fuzzy] = judgeLines(["Netflx"], settings);
    expect(exact?.message).toContain("Netflix");
    expect(exact?.evidence?.measured).toEqual({ term: "Netflix", match: "exact" });
    expect(fuzzy?.evidence?.measured).toEqual({ term: "Netflix", match: "fuzzy" });
    expect(fuzzy?.confidence).toBeCloseTo(0.95 * 0.8, 3);
  });
});
