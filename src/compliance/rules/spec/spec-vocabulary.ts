import { PhraseMatcher } from "../text/phrase-matcher.js";
import type { TextMatch } from "../text/text-match.js";
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

  constructor() {
    const terms = new Set<string>();
    for (const [list, listTerms] of Object.entries(LISTS) as [TermList, readonly string[]][]) {
      for (const term of listTerms) {
        terms.add(term);
        this.listsByTerm.set(term, [...(this.listsByTerm.get(term) ?? []), list]);
      }
    }
    this.matcher = new PhraseMatcher([...terms], { nearMissWords: SPEC_NEAR_MISS_WORDS });
  }

  matches(line: PageLine, list: TermList): TextMatch[] {
    let found = this.byLine.get(line);
    if (!found) {
      found = new Map();
      for (const match of this.matcher.find(line.text.tokens)) {
        for (const owner of this.listsByTerm.get(match.term) ?? []) {
          found.set(owner, [...(found.get(owner) ?? []), match]);
        }
      }
      this.byLine.set(line, found);
    }
    return found.get(list) ?? [];
  }
}

let vocabulary: SpecVocabulary | undefined;

/** The matches of one spec word list in a line (computed once per line for all lists). */
export function termMatches(line: PageLine, list: TermList): TextMatch[] {
  vocabulary ??= new SpecVocabulary();
  return vocabulary.matches(line, list);
}
