import { regexMatches } from "../text/regex-matches.js";
import type { TextMatch } from "../text/text-match.js";
import { hitFinding, type LineHit, lineHit, phraseMatches, selectHits } from "./phrase-findings.js";
import type { SpecFinding, SpecInput, SpecRule } from "./spec-finding.js";

/** "4K", "8K ULTRA HD", "4K UHD", "3D", "in 3-D", "HDR10+", "4DX": formats written with digits. */
const DIGIT_FORMATS: readonly { pattern: RegExp; term: string }[] = [
  { pattern: /(?<![\w.,])[48]\s?k(?:\s(?:ultra\s?hd|uhd|hdr))?(?!\w)/g, term: "4k" },
  { pattern: /(?<![\w.,])3-?d(?!\w)/g, term: "3d" },
  { pattern: /\bhdr\s?10\+?/g, term: "hdr10" },
  { pattern: /(?<![\w.,])4dx\b/g, term: "4dx" },
  { pattern: /(?<![\w.,])mx4d\b/g, term: "mx4d" },
  // As a word "ScreenX" would be one letter from "screen".
  { pattern: /\bscreenx\b/g, term: "screenx" },
  { pattern: /\breal\s?d(?=\s?3\s?d\b|\b)/g, term: "reald" },
];

/**
 * FORMAT_CALLOUT: home-video and download callouts ("now on DVD", "Blu-ray", "4K Ultra HD",
 * "own it on digital", "download", "VOD") and technical formats (IMAX, Dolby, 3D, HDR).
 */
export function formatCalloutRule(): SpecRule {
  return {
    code: "FORMAT_CALLOUT",
    find({ page, exempt }: SpecInput): SpecFinding[] {
      const hits: LineHit[] = [];
      for (const line of page.lines) {
        const matches: TextMatch[] = [
          ...DIGIT_FORMATS.flatMap(({ pattern, term }) => regexMatches(line.text.text, pattern, term)),
          ...phraseMatches(line, "format", exempt),
        ];
        for (const match of matches) {
          if (exempt.covers(line, match)) continue;
          const hit = lineHit(line, match);
          if (hit) hits.push(hit);
        }
      }
      return selectHits(hits).map((hit) =>
        hitFinding(
          "FORMAT_CALLOUT",
          hit,
          `The poster advertises a format ("${hit.match.term}"): "${hit.text}".`,
        ),
      );
    },
  };
}
