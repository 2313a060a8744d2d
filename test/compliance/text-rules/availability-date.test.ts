import { describe, expect, it } from "vitest";
import { flagged, onlyRule } from "./judge-helpers.js";

const settings = onlyRule("AVAILABILITY_DATE");

describe("AVAILABILITY_DATE", () => {
  it.each([
    ["Coming soon", "Coming soon"],
    ["COMING SOON", "COMING SOON"],
    ["COMINGSOON", "COMINGSOON"],
    ["Comming soon", "Comming soon"],
    ["Now streaming", "Now streaming"],
    ["NOW PLAYING", "NOW PLAYING"],
    ["In theaters", "In theaters"],
    ["Only in cinemas", "Only in cinemas"],
    ["Streaming Friday", "Streaming Friday"],
    ["Available now", "Available now"],
    ["Out now", "Out now"],
    ["12/25/2026", "12/25/2026"],
    ["25.12.2026", "25.12.2026"],
    ["2026-12-25", "2026-12-25"],
    ["December 25", "December 25"],
    ["Dec 25", "Dec 25"],
    ["Dec. 25th, 2026", "Dec. 25th, 2026"],
    ["25 December", "25 December"],
    ["This Friday", "This Friday"],
    ["this summer", "this summer"],
    ["Premieres 9/15", "Premieres 9/15"],
  ])("flags %j", (line, evidence) => {
    expect(flagged(line, settings)).toEqual([evidence]);
  });

  it.each([
    "2026",
    "© 2026 Studio",
    "1999-2026",
    "June 1944",
    "May the force be with you",
    "But now it is personal",
    "Now screaming",
    "The Coming",
    "Soon",
    "Chapter 12",
    "24/7",
    "Season 2",
    "$9.99",
    "Out of time",
    "13/13/2026",
    "Help out 24/7",
    "Coming home",
    "May December",
  ])("does not flag %j", (line) => {
    expect(flagged(line, settings)).toEqual([]);
  });

  it("reports one finding for a date inside release wording", () => {
    expect(flagged("Streaming December 25", settings)).toEqual(["Streaming December 25"]);
  });
});
