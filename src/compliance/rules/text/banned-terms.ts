import type { ViolationCode } from "../../../domain/violation.js";
import type { LineRule } from "./line-rule.js";
import type { LineText } from "./line-text.js";
import { NEAR_MISS_WORDS } from "./near-miss-words.js";
import { PhraseMatcher } from "./phrase-matcher.js";
import type { TextMatch } from "./text-match.js";

export interface ExtraBannedTerm {
  term: string;
  /** The violation the term raises when it appears. */
  code: ViolationCode;
}

/** One rule per code for the terms a policy bans on top of the built-in lists. */
export function bannedTermRules(terms: readonly ExtraBannedTerm[]): LineRule[] {
  const byCode = new Map<ViolationCode, string[]>();
  for (const { term, code } of terms) byCode.set(code, [...(byCode.get(code) ?? []), term]);
  return [...byCode].map(([code, codeTerms]) => {
    const words = new PhraseMatcher(codeTerms, { nearMissWords: NEAR_MISS_WORDS });
    return {
      code,
      find: (line: LineText): TextMatch[] => words.find(line.tokens),
      describe: (match: TextMatch, text: string) =>
        `The poster shows a banned term (${match.term}): "${text}".`,
    };
  });
}
