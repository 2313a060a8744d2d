import { foldText } from "../text/normalize-text.js";
import type { SpecPage } from "./spec-page.js";

/** Share of the title's letters OCR may have got wrong, dropped or added and it still reads as the title. */
const MAX_ERROR_SHARE = 0.25;
/** Titles shorter than this (letters and digits) must be read exactly. */
const MIN_FUZZY_LENGTH = 5;

function letters(text: string): string {
  return foldText(text).replace(/[^a-z0-9]/g, "");
}

/**
 * The fewest edits that turn `needle` into some substring of `haystack` (Sellers' algorithm:
 * edit distance with a free start and end in the haystack).
 */
export function substringDistance(needle: string, haystack: string): number {
  let previous = new Array<number>(haystack.length + 1).fill(0);
  for (let i = 1; i <= needle.length; i++) {
    const current = new Array<number>(haystack.length + 1);
    current[0] = i;
    for (let j = 1; j <= haystack.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (needle[i - 1] === haystack[j - 1] ? 0 : 1);
      current[j] = Math.min(substitution, (previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1);
    }
    previous = current;
  }
  return Math.min(...previous);
}

/**
 * Whether the title, or its main part before a colon or dash, is on the page once spaces and
 * punctuation are ignored and a few letters may be misread: real title treatments are read as
 * `NIGHT AEMUSEUM`, `There Bill Be Blond` or `PAN'S LABYRIN`. The page is read line by line and
 * as one run in reading order, for titles set over several lines.
 */
export function titleApproximatelyRead(title: string, page: SpecPage): boolean {
  const candidates = [title, title.split(/\s*[:–—]\s*|\s+-\s+/)[0] ?? ""]
    .map(letters)
    .filter((candidate, index, all) => candidate.length > 0 && all.indexOf(candidate) === index);
  const texts = [
    page.lines.map((line) => line.ocr.text).join(" "),
    ...page.lines.map((line) => line.ocr.text),
  ].map(letters);
  return candidates.some((candidate) => {
    const allowed = candidate.length < MIN_FUZZY_LENGTH ? 0 : Math.floor(candidate.length * MAX_ERROR_SHARE);
    return texts.some((text) => text.length > 0 && substringDistance(candidate, text) <= allowed);
  });
}
