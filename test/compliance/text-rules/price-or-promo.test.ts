import { describe, expect, it } from "vitest";
import { flagged, judgeLines, onlyRule } from "./judge-helpers.js";

const settings = onlyRule("PRICE_OR_PROMO");

describe("PRICE_OR_PROMO", () => {
  it.each([
    ["Only $9.99", "$9.99"],
    ["$2024.99", "$2024.99"],
    ["$20", "$20"],
    ["9,99 €", "9,99 €"],
    ["ab 9,99€", "9,99€"],
    ["£5", "£5"],
    ["USD 10", "USD 10"],
    ["US$12 a month", "US$12"],
    ["just 5 dollars", "5 dollars"],
    ["FREE", "FREE"],
    ["Fr3e trial", "Fr3e"],
    ["50% OFF", "50% OFF"],
    ["save 30% today", "save 30%"],
    ["Buy now", "Buy now"],
    ["SUBSCRIBE", "SUBSCRIBE"],
    ["Subscribed", "Subscribed"],
    ["Limited time", "Limited time"],
    ["Rent", "Rent"],
    ["SALE", "SALE"],
    ["On sale", "On sale"],
    ["Discount", "Discount"],
    ["ORDER NOW", "ORDER NOW"],
    ["Pre-order", "Pre-order"],
    ["PREORDER", "PREORDER"],
    ["Special offer", "Special offer"],
  ])("flags %j", (line, evidence) => {
    expect(flagged(line, settings)).toEqual([evidence]);
  });

  it.each([
    "Rental",
    "The parent trap",
    "Current",
    "Freedom",
    "Freeman",
    "Salem",
    "Wholesale",
    "The order",
    "We are older now",
    "100% true story",
    "Chapter 5",
    "Rated R",
    "2026",
    "Ca$h",
    "IN CINEMAS $2024",
    "£1999",
  ])("does not flag %j", (line) => {
    expect(flagged(line, settings)).toEqual([]);
  });

  it("flags a bare FREE even inside a title, unless the title is an allowed term", () => {
    // "Free Guy" is a film: a bare "FREE" raises by design; the platform lists the title.
    expect(flagged("FREE GUY", settings)).toEqual(["FREE"]);
    const withTitle = onlyRule("PRICE_OR_PROMO", { allowedTerms: ["Free Guy"] });
    expect(flagged("FREE GUY", withTitle)).toEqual([]);
    expect(flagged("FREE GUY free trial", withTitle)).toEqual(["free"]);
  });

  it("reports a price and a promotion on one line separately", () => {
    const found = judgeLines(["Rent now $3.99"], settings);
    expect(found.map((v) => [v.evidence?.text, v.evidence?.measured?.term])).toEqual([
      ["Rent now", "rent now"],
      ["$3.99", "price"],
    ]);
  });
});
