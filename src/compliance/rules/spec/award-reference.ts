import type { TextMatch } from "../text/text-match.js";
import type { Token } from "../text/tokenize.js";
import type { ExemptSpans } from "./exempt-spans.js";
import { hitFinding, type LineHit, lineHit, phraseMatches, selectHits } from "./phrase-findings.js";
import type { SpecFinding, SpecInput, SpecRule } from "./spec-finding.js";
import { neighbours, type PageLine, type SpecPage } from "./spec-page.js";
import type { TermList } from "./spec-vocabulary.js";

/** Words after "WINNER" or "NOMINATED" that make it an award: "WINNER OF 3", "NOMINATED FOR". */
const AWARD_FOLLOWERS = new Set(["for", "best", "of", "at"]);
const NUMBER = /^\d+$/;

interface LineMatches {
  line: PageLine;
  named: TextMatch[];
  words: TextMatch[];
  names: TextMatch[];
}

function tokensOf(line: PageLine, match: TextMatch): { before?: Token; after?: Token } {
  const tokens = line.text.tokens;
  const firstIndex = tokens.findIndex((t) => t.start >= match.start);
  const afterIndex = tokens.findIndex((t) => t.start >= match.end);
  return {
    before: firstIndex > 0 ? tokens[firstIndex - 1] : undefined,
    after: afterIndex >= 0 ? tokens[afterIndex] : undefined,
  };
}

/** "WINNER OF 3", "2024 WINNER", "NOMINATED FOR": the word is used of an award. */
function usedOfAnAward(line: PageLine, match: TextMatch): boolean {
  const { before, after } = tokensOf(line, match);
  if (before && NUMBER.test(before.raw)) return true;
  return after !== undefined && (NUMBER.test(after.raw) || AWARD_FOLLOWERS.has(after.raw));
}

/** A laurel's line: only award words and numbers ("WINNER", "NOMINEE 2024"). */
function laurelLine(line: PageLine, matches: readonly TextMatch[]): boolean {
  return line.text.tokens.every(
    (t) => NUMBER.test(t.raw) || matches.some((m) => t.start >= m.start && t.end <= m.end),
  );
}

function hasCompany(lines: readonly LineMatches[], match: TextMatch, owner: LineMatches): boolean {
  return lines.some((other) =>
    [...other.named, ...other.words, ...other.names].some(
      (m) => other !== owner || m.end <= match.start || m.start >= match.end,
    ),
  );
}

function lineMatches(line: PageLine, exempt: ExemptSpans): LineMatches {
  const ambiguous = (list: TermList) => (exempt.isTitleLike(line) ? [] : phraseMatches(line, list, exempt));
  return {
    line,
    named: phraseMatches(line, "award", exempt),
    words: ambiguous("awardWord"),
    names: ambiguous("awardName"),
  };
}

function ambiguousHits(page: SpecPage, all: readonly LineMatches[], current: LineMatches): TextMatch[] {
  const around = [current, ...neighbours(page, current.line).map((line) => all[line.order] as LineMatches)];
  const kept: TextMatch[] = [];
  for (const match of current.words) {
    if (
      usedOfAnAward(current.line, match) ||
      laurelLine(current.line, current.words) ||
      hasCompany(around, match, current)
    ) {
      kept.push(match);
    }
  }
  for (const match of current.names) if (hasCompany(around, match, current)) kept.push(match);
  return kept;
}

/**
 * AWARD_REFERENCE: awards, nominations and festivals ("WINNER BEST PICTURE", "OFFICIAL
 * SELECTION CANNES 2024", "Academy Award nominee"). Names of awards and festivals raise
 * wherever they are; ambiguous words ("winner", "nominated", "oscar") need an award's
 * company. The known title is exempt ("The Winner"), and so, without a known title, are the
 * ambiguous words of the tallest line (the title treatment).
 */
export function awardReferenceRule(): SpecRule {
  return {
    code: "AWARD_REFERENCE",
    find({ page, exempt }: SpecInput): SpecFinding[] {
      const all = page.lines.map((line) => lineMatches(line, exempt));
      const hits: LineHit[] = [];
      for (const current of all) {
        for (const match of [...current.named, ...ambiguousHits(page, all, current)]) {
          const hit = lineHit(current.line, match);
          if (hit) hits.push(hit);
        }
      }
      return selectHits(hits).map((hit) =>
        hitFinding(
          "AWARD_REFERENCE",
          hit,
          `The poster refers to an award or festival ("${hit.match.term}"): "${hit.text}".`,
        ),
      );
    },
  };
}
