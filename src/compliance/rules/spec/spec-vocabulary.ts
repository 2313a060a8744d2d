import { PhraseMatcher } from "../text/phrase-matcher.js";
import { MATCH_QUALITY, type TextMatch } from "../text/text-match.js";
import { AMBIGUOUS_AWARD_NAMES, AMBIGUOUS_AWARD_WORDS, AWARD_TERMS } from "./award-terms.js";
import { CREDIT_CUES, CREDIT_PHRASES } from "./credit-terms.js";
import { CRITIC_OUTLETS, PRAISE_WORDS, REVIEW_PHRASES } from "./critic-terms.js";
import { FORMAT_TERMS } from "./format-terms.js";
import { SPEC_NEAR_MISS_WORDS } from "./spec-near-miss-words.js";
import type { PageLine } from "./spec-page.js";

const LISTS = {
  credit: CREDIT_PHRASES,
  creditCue: CREDIT_CUES,
  review: REVIEW_PHRASES,
  praise: PRAISE_WORDS,
  outlet: CRITIC_OUTLETS,
  award: AWARD_TERMS,
  awardWord: AMBIGUOUS_AWARD_WORDS,
  awardName: AMBIGUOUS_AWARD_NAMES,
  format: FORMAT_TERMS,
} as const satisfies Record<string, readonly string[]>;

/** Which word list a term comes from. */
export type TermList = keyof typeof LISTS;

/**
 * Every spec word list in one matcher, so that each line is matched once, not once per list
 * (matching dominates the cost of judging). Each match is handed to every list holding its term.
 */
class SpecVocabulary {
  private readonly matcher: PhraseMatcher;
  private readonly listsByTerm = new Map<string, TermList[]>();
  private readonly byLine = new WeakMap<PageLine, Map<TermList, TextMatch[]>>();

  /** Terms long enough to find inside words OCR glued together, by their letters alone. */
  private readonly gluedTerms: { term: string; letters: string }[] = [];

  constructor() {
    const terms = new Set<string>();
    for (const [list, listTerms] of Object.entries(LISTS) as [TermList, readonly string[]][]) {
      for (const term of listTerms) {
        terms.add(term);
        this.listsByTerm.set(term, [...(this.listsByTerm.get(term) ?? []), list]);
      }
    }
    this.matcher = new PhraseMatcher([...terms], { nearMissWords: SPEC_NEAR_MISS_WORDS });
    for (const term of terms) {
      const letters = lettersOf(term);
      if (letters.length >= MIN_GLUED_TERM_LETTERS) this.gluedTerms.push({ term, letters });
    }
  }

  matches(line: PageLine, list: TermList): TextMatch[] {
    let found = this.byLine.get(line);
    if (!found) {
      found = new Map();
      const direct = this.matcher.find(line.text.tokens);
      for (const match of [...direct, ...this.gluedMatches(line, direct)]) {
        for (const owner of this.listsByTerm.get(match.term) ?? []) {
          found.set(owner, [...(found.get(owner) ?? []), match]);
        }
      }
      this.byLine.set(line, found);
    }
    return found.get(list) ?? [];
  }

  /**
   * Terms inside words OCR read without spaces ("AFILMBYLADJLY", "AFILM BYAGNIESZKA"): the
   * term's letters found in the line's letters, touching a glued word. Weaker than a match by
   * words.
   */
  private gluedMatches(line: PageLine, direct: readonly TextMatch[]): TextMatch[] {
    const tokens = line.text.tokens;
    const glued = tokens.filter((token) => lettersOf(token.raw).length >= MIN_GLUED_TOKEN_LETTERS);
    if (glued.length === 0) return [];
    // The line's letters without spaces, each mapped back to its token.
    let letters = "";
    const owner: number[] = [];
    tokens.forEach((token, index) => {
      const own = lettersOf(token.raw);
      letters += own;
      for (let i = 0; i < own.length; i++) owner.push(index);
    });
    const matches: TextMatch[] = [];
    for (const { term, letters: termLetters } of this.gluedTerms) {
      if (direct.some((match) => match.term === term)) continue;
      const at = letters.indexOf(termLetters);
      if (at < 0) continue;
      const first = tokens[owner[at] ?? 0];
      const last = tokens[owner[at + termLetters.length - 1] ?? 0];
      if (!first || !last || !glued.some((token) => token.start >= first.start && token.end <= last.end))
        continue;
      matches.push({ term, start: first.start, end: last.end, quality: MATCH_QUALITY.fuzzy });
    }
    return matches;
  }
}

/** Shorter terms are found inside other words too often ("imax" in a name, "regie"). */
const MIN_GLUED_TERM_LETTERS = 7;
const MIN_GLUED_TOKEN_LETTERS = 9;

function lettersOf(text: string): string {
  return text.replace(/[^\p{L}\p{N}]/gu, "");
}

let vocabulary: SpecVocabulary | undefined;

/** The matches of one spec word list in a line (computed once per line for all lists). */
export function termMatches(line: PageLine, list: TermList): TextMatch[] {
  vocabulary ??= new SpecVocabulary();
  return vocabulary.matches(line, list);
}
