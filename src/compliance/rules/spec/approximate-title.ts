import { editDistance } from "../text/edit-distance.js";
import { foldText } from "../text/normalize-text.js";
import type { PageLine, SpecPage } from "./spec-page.js";

/** Share of the title's letters OCR may have got wrong, dropped or added and it still reads as the title. */
const MAX_ERROR_SHARE = 0.25;
/** Titles shorter than this (letters and digits) are left to the exact title locator. */
const MIN_FUZZY_LENGTH = 7;
/** A title set over several lines has them close: at most this many line heights apart. */
const MAX_LINE_GAP = 1.5;
/** Words a title's reading may span beyond the title's own word count (OCR splits words). */
const EXTRA_WORDS = 2;

function letters(text: string): string {
  return foldText(text).replace(/[^a-z0-9]/g, "");
}

/**
 * Whether the title, or a part of it around a colon or dash, is on the page as a run of whole
 * words once spaces and punctuation are ignored and a few letters may be misread: real title
 * treatments are read as `NIGHT AEMUSEUM`, `There Bill Be Blond` or `PAN'S LABYRIN`. Words run
 * on across lines in reading order, for titles set over several lines. Short titles are not
 * matched approximately: "Up" is not in "SUPPORT", nor "Alien" in "A LIE".
 */
export function titleApproximatelyRead(title: string, page: SpecPage): boolean {
  const candidates = titleForms(title)
    .map((text) => ({ letters: letters(text), words: text.trim().split(/\s+/).length }))
    .filter(
      (candidate, index, all) =>
        candidate.letters.length > 0 && all.findIndex((c) => c.letters === candidate.letters) === index,
    );
  const blocks = stackedBlocks(page).map((lines) =>
    lines.flatMap((line) => line.ocr.words.map((word) => letters(word.text))).filter(Boolean),
  );
  return candidates.some((candidate) => blocks.some((words) => readIn(words, candidate)));
}

/**
 * The forms a title treatment may show: the whole title, each part around a colon or dash
 * ("Star Wars: Episode V – The Empire Strikes Back" shows "THE EMPIRE STRIKES BACK"), each
 * without a leading article (set small or left out: "PUNISHER").
 */
function titleForms(title: string): string[] {
  const parts = [title, ...title.split(/\s*[:–—]\s*|\s+-\s+/)];
  const withoutArticle = parts.map((part) => part.trim().replace(/^(?:the|a|an)\s+/i, ""));
  return [...parts, ...withoutArticle].map((part) => part.trim()).filter(Boolean);
}

/** Lines in reading order, grouped where each is close under the one before (one block of type). */
function stackedBlocks(page: SpecPage): PageLine[][] {
  const blocks: PageLine[][] = [];
  for (const line of page.lines) {
    const block = blocks.at(-1);
    const previous = block?.at(-1);
    const gap = previous ? line.box.y - (previous.box.y + previous.box.height) : Number.POSITIVE_INFINITY;
    if (block && previous && gap <= MAX_LINE_GAP * Math.max(previous.box.height, line.box.height))
      block.push(line);
    else blocks.push([line]);
  }
  return blocks;
}

function readIn(words: readonly string[], candidate: { letters: string; words: number }): boolean {
  // Short titles are the title locator's alone: it wants them on a line of their own.
  if (candidate.letters.length < MIN_FUZZY_LENGTH) return false;
  const allowed = Math.floor(candidate.letters.length * MAX_ERROR_SHARE);
  for (let start = 0; start < words.length; start++) {
    let run = "";
    for (let end = start; end < words.length && end < start + candidate.words + EXTRA_WORDS; end++) {
      run += words[end];
      if (run.length > candidate.letters.length + allowed) break;
      if (Math.abs(run.length - candidate.letters.length) > allowed) continue;
      if (editDistance(candidate.letters, run) <= allowed) return true;
    }
  }
  return false;
}
