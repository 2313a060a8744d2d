import { describe, expect, it } from "vitest";
import { flagged, judgeLines, onlyRule } from "./judge-helpers.js";

const settings = onlyRule("URL_OR_CONTACT");

describe("URL_OR_CONTACT", () => {
  it.each([
    ["Visit www.example.com today", "www.example.com"],
    ["tickets at example.com/tickets", "example.com/tickets"],
    ["https://watch.example.org/film", "https://watch.example.org/film"],
    ["http://x.io", "http://x.io"],
    ["WWW.STUDIO.CO.UK", "WWW.STUDIO.CO.UK"],
    ["www. site .com", "www. site .com"],
    ["visit site . com", "site . com"],
    ["more at studio.c0m", "studio.c0m"],
    ["more at studio.corn", "studio.corn"],
    ["bit.ly/thefilm", "bit.ly/thefilm"],
    ["Write to info@studio.co.uk", "info@studio.co.uk"],
    ["Call +44 20 7946 0958", "+44 20 7946 0958"],
    ["Call (555) 123-4567 now", "(555) 123-4567"],
    ["555-123-4567", "555-123-4567"],
    ["1-800-555-0199", "1-800-555-0199"],
    ["Dial 555.123.4567", "555.123.4567"],
    ["Follow @studio", "@studio"],
    ["youtube.com/@studio", "youtube.com/@studio"],
    ["emberroad com", "emberroad com"],
    ["TICKETS AT STONERIVER COM", "STONERIVER COM"],
  ])("flags %j", (line, evidence) => {
    expect(flagged(line, settings)).toEqual([evidence]);
  });

  it.each([
    "#TheMovie",
    "2026",
    "1999-2026",
    "1999 2026",
    "12/25/2026",
    "25.12.2026",
    "12. 24.2025",
    "12 /24/ 2025",
    "$9.99",
    "Only 9,999,999 left",
    "Seen by 1.234.567 people",
    "2h 15m",
    "Runtime 120 min",
    "The end. Net result",
    "Dr.Strange",
    "U.S.A.",
    "Pi is 3.14159265",
    "Chapters 1 2 3 4 5 6 7 8",
    "b@d company",
    "@ 8pm",
    "It ends.It begins",
    "THE ULTIMATE ROM COM",
    "DOT COM",
    "A SIT COM LIFE",
  ])("does not flag %j", (line) => {
    expect(flagged(line, settings)).toEqual([]);
  });

  it("says what kind of contact it found", () => {
    const [email, phone] = judgeLines(["info@studio.com", "555-123-4567"], settings);
    expect(email?.message).toContain("email");
    expect(email?.evidence?.measured).toMatchObject({ term: "email" });
    expect(phone?.message).toContain("phone number");
  });

  it("rates an address that OCR spaced or misread lower than a clean one", () => {
    const [clean] = judgeLines(["www.site.com"], settings);
    const [spaced] = judgeLines(["www. site .com"], settings);
    const [misread] = judgeLines(["www.site.c0m"], settings);
    expect(clean?.confidence).toBe(0.95);
    expect(spaced?.confidence).toBeCloseTo(0.95 * 0.95, 2);
    expect(misread?.confidence).toBeCloseTo(0.95 * 0.95, 2);
    // The dot of `.com` read as a space: a domain by its shape only, rated lower still.
    const [dotAsSpace] = judgeLines(["emberroad com"], settings);
    expect(dotAsSpace?.confidence).toBeCloseTo(0.95 * 0.8, 2);
  });
});
