import { describe, expect, it } from "vitest";
import { lostSpaces, splitGluedLetters } from "../../../src/compliance/detectors/ppocr/glued-words.js";

/** The word as it reads once a space is put back at every lost-space position. */
function respaced(text: string): string {
  const chars = [...text];
  for (const cut of [...lostSpaces(text)].reverse()) chars.splice(cut, 0, " ");
  return chars.join("");
}

describe("lostSpaces: spaces the recogniser dropped", () => {
  it.each([
    ["ALLEPISODES", "ALL EPISODES"],
    ["INTHEATERS", "IN THEATERS"],
    ["COMINGSOON", "COMING SOON"],
    ["DIRECTEDBY", "DIRECTED BY"],
    ["NOWSTREAMING", "NOW STREAMING"],
    ["THELASTHARBOR", "THE LAST HARBOR"],
  ])("splits English words read as one (%s)", (read, words) => {
    expect(respaced(read)).toBe(words);
  });

  it.each([
    ["August1", "August 1"],
    ["MAY4", "MAY 4"],
    ["AUGUST14", "AUGUST 14"],
  ])("puts a space between a word and the number after it (%s)", (read, words) => {
    expect(respaced(read)).toBe(words);
  });

  it.each([
    "Coogler",
    "Wakanda",
    "RYANCOOGLER",
    "HELSINGINSANOMAT",
    "elokuvateattereissa",
    "Ab1",
    "PG-13",
    "NETFLIX",
    "EPISODES",
  ])("keeps %s whole (a name, an invented or foreign word, a short token)", (read) => {
    expect(lostSpaces(read)).toEqual([]);
  });

  it.each(["netflix.com", "www.netflix.com"])("keeps the web address %s whole", (url) => {
    expect(lostSpaces(url)).toEqual([]);
  });

  // Addresses are written without spaces on purpose: none is restored in them.
  it.each(["www.thelastharbor.com", "thelastharbor.com/tickets", "info@thelastharbor.com"])(
    "keeps the web address %s whole",
    (url) => {
      expect(lostSpaces(url)).toEqual([]);
    },
  );

  it("answers positions in characters, not UTF-16 units", () => {
    // The emoji before the run takes two UTF-16 units but is one character.
    expect(lostSpaces("🎬INTHEATERS")).toEqual([3]);
  });
});

describe("splitGluedLetters", () => {
  it("answers the lengths of the words, in order", () => {
    expect(splitGluedLetters("ALLEPISODES")).toEqual([3, 8]);
    expect(splitGluedLetters("comingsoon")).toEqual([6, 4]);
  });

  it("keeps a common word whole even where it could be cut into words", () => {
    // "therapist" = "the rapist"; "together" = "to get her".
    expect(splitGluedLetters("therapist")).toBeUndefined();
    expect(splitGluedLetters("TOGETHER")).toBeUndefined();
  });

  it("keeps runs too short to be two words", () => {
    expect(splitGluedLetters("ISIT")).toBeUndefined();
  });
});
