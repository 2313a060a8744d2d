import type { Policy } from "../../../domain/policy.js";
import { expandOwnBrands } from "../text/competitor-brand.js";
import { CompileCache } from "../text/compile-cache.js";
import { NEAR_MISS_WORDS } from "../text/near-miss-words.js";
import { PhraseMatcher } from "../text/phrase-matcher.js";
import type { TextMatch } from "../text/text-match.js";
import type { PageLine, SpecPage } from "./spec-page.js";
import type { TitleOccurrence } from "./title-locator.js";

interface Span {
  start: number;
  end: number;
}

/** A line this much taller than the median line is the title treatment. */
const TITLE_LIKE_HEIGHT_RATIO = 1.5;

/**
 * Text that the wording rules (credits, critic quotes, awards, formats) never flag:
 * the known title wherever it is found (also over several lines: "The Winner" is a title,
 * not an award), the platform's own brand names with their family, and the policy's
 * allowed terms. Without a known title, the tallest line (when clearly taller than the
 * rest) is taken for the title treatment, and only ambiguous words ("winner", "oscar")
 * are exempt there.
 */
export class ExemptSpans {
  private readonly byLine = new Map<number, Span[]>();
  private readonly titleLike = new Set<number>();

  add(line: PageLine, start: number, end: number): void {
    const spans = this.byLine.get(line.order) ?? [];
    spans.push({ start, end });
    this.byLine.set(line.order, spans);
  }

  markTitleLike(line: PageLine): void {
    this.titleLike.add(line.order);
  }

  /** Whether the match lies wholly inside exempt text. */
  covers(line: PageLine, match: Pick<TextMatch, "start" | "end">): boolean {
    return (this.byLine.get(line.order) ?? []).some((s) => match.start >= s.start && match.end <= s.end);
  }

  isTitleLike(line: PageLine): boolean {
    return this.titleLike.has(line.order);
  }
}

const allowedMatchers = new CompileCache<PhraseMatcher>();

function allowedMatcher(policy: Policy): PhraseMatcher {
  const { ownBrands, allowedTerms } = policy.text;
  return allowedMatchers.get(
    [ownBrands, allowedTerms],
    () =>
      new PhraseMatcher([...expandOwnBrands(ownBrands), ...allowedTerms], { nearMissWords: NEAR_MISS_WORDS }),
  );
}

function tallestLine(page: SpecPage): PageLine | undefined {
  if (page.lines.length < 2) return undefined;
  const tallest = page.lines.reduce((a, b) => (b.box.height > a.box.height ? b : a));
  return tallest.box.height >= TITLE_LIKE_HEIGHT_RATIO * page.medianLineHeight ? tallest : undefined;
}

export function exemptSpansFor(
  page: SpecPage,
  policy: Policy,
  title: { known: boolean; occurrence?: TitleOccurrence },
): ExemptSpans {
  const exempt = new ExemptSpans();
  const allowed = allowedMatcher(policy);
  if (allowed.size > 0) {
    for (const line of page.lines) {
      for (const match of allowed.find(line.text.tokens)) exempt.add(line, match.start, match.end);
    }
  }
  for (const segment of title.occurrence?.segments ?? []) {
    const { line, firstWord, lastWord } = segment;
    exempt.add(line, line.text.wordStarts[firstWord] ?? 0, line.text.wordEnds[lastWord] ?? 0);
  }
  if (!title.known) {
    const titleLike = tallestLine(page);
    if (titleLike) exempt.markTitleLike(titleLike);
  }
  return exempt;
}
