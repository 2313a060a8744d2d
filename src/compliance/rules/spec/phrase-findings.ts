import type { Box } from "../../../domain/violation.js";
import type { OcrWord } from "../../observations/ocr-observation.js";
import { wordsInRange } from "../text/line-text.js";
import { qualityName, type TextMatch } from "../text/text-match.js";
import { unionBox } from "../text/union-box.js";
import type { ExemptSpans } from "./exempt-spans.js";
import { roundConfidence, type SpecFinding, type SpecTextCode } from "./spec-finding.js";
import type { PageLine } from "./spec-page.js";
import { type TermList, termMatches } from "./spec-vocabulary.js";

/** A match located on the poster: the words it touches, their text, box and confidence. */
export interface LineHit {
  line: PageLine;
  match: TextMatch;
  /** Indices of the first and last word touched. */
  first: number;
  last: number;
  words: OcrWord[];
  text: string;
  box: Box;
  /** The weakest word's OCR confidence times the match quality. */
  confidence: number;
}

export function lineHit(line: PageLine, match: TextMatch): LineHit | undefined {
  const { first, last } = wordsInRange(line.text, match.start, match.end);
  if (first < 0) return undefined;
  const words = line.text.words.slice(first, last + 1);
  return {
    line,
    match,
    first,
    last,
    words,
    text: words.map((w) => w.text).join(" "),
    box: unionBox(words.map((w) => w.box)),
    confidence: Math.min(...words.map((w) => w.confidence)) * match.quality,
  };
}

/** The matches of a word list in a line that are not exempt (the title, own brands, allowed terms). */
export function phraseMatches(line: PageLine, list: TermList, exempt: ExemptSpans): TextMatch[] {
  return termMatches(line, list).filter((match) => !exempt.covers(line, match));
}

/**
 * Per line, the best hits that do not overlap: the closest match first (so that "OSCARS" read
 * exactly beats "5 OSCARS" read as one edit away), then the longest, then the most confident.
 * Hits on consecutive words then join ("Academy Award" + "Nominee").
 */
export function selectHits(hits: readonly LineHit[]): LineHit[] {
  const ranked = [...hits].sort(
    (a, b) =>
      b.match.quality - a.match.quality ||
      b.match.end - b.match.start - (a.match.end - a.match.start) ||
      b.confidence - a.confidence ||
      a.line.order - b.line.order ||
      a.match.start - b.match.start,
  );
  const kept: LineHit[] = [];
  for (const hit of ranked) {
    const overlaps = kept.some(
      (k) => k.line === hit.line && k.match.start < hit.match.end && hit.match.start < k.match.end,
    );
    if (!overlaps) kept.push(hit);
  }
  kept.sort((a, b) => a.line.order - b.line.order || a.match.start - b.match.start);
  return joinAdjacent(kept);
}

function joinAdjacent(hits: readonly LineHit[]): LineHit[] {
  const joined: LineHit[] = [];
  for (const hit of hits) {
    const previous = joined.at(-1);
    if (!previous || previous.line !== hit.line || hit.first !== previous.last + 1) {
      joined.push(hit);
      continue;
    }
    const words = [...previous.words, ...hit.words];
    joined[joined.length - 1] = {
      line: hit.line,
      match: {
        start: previous.match.start,
        end: hit.match.end,
        quality: Math.min(previous.match.quality, hit.match.quality),
        term: `${previous.match.term} + ${hit.match.term}`,
      },
      first: previous.first,
      last: hit.last,
      words,
      text: words.map((w) => w.text).join(" "),
      box: unionBox(words.map((w) => w.box)),
      confidence: Math.min(previous.confidence, hit.confidence),
    };
  }
  return joined;
}

export function hitFinding(code: SpecTextCode, hit: LineHit, message: string): SpecFinding {
  return {
    code,
    confidence: roundConfidence(hit.confidence),
    message,
    evidence: {
      text: hit.text,
      boxes: [hit.box],
      measured: { term: hit.match.term, match: qualityName(hit.match.quality) },
    },
  };
}
