import type { Policy } from "../../../domain/policy.js";
import type { Finding } from "../rule.js";
import type { Token } from "../text/tokenize.js";
import type { ExemptSpans } from "./exempt-spans.js";
import type { SpecTextCode } from "./judge-spec-text.js";
import type { SpecPage } from "./spec-page.js";
import type { CompiledTitle, TitleOccurrence } from "./title-locator.js";

export type { SpecTextCode } from "./judge-spec-text.js";

export interface KnownTitle {
  compiled: CompiledTitle;
  /** Undefined when the title is not on the art. */
  occurrence?: TitleOccurrence;
  /** The page's lines tokenised for title matching, in page order. */
  tokens: readonly (readonly Token[])[];
}

/** What a spec rule found, before the policy gives it a severity. */
export interface SpecFinding extends Finding {
  code: SpecTextCode;
  /** 0..1, already rounded. */
  confidence: number;
}

/** Everything a spec rule may look at. */
export interface SpecInput {
  page: SpecPage;
  policy: Policy;
  /** The known title and where it was found; undefined when the catalog gives none. */
  title?: KnownTitle;
  /** Text that no wording rule may flag: the known title, own brands, allowed terms. */
  exempt: ExemptSpans;
}

/** A platform-spec rule as its module writes it: `find` is its `judge` (see `SPEC_TEXT_RULES`). */
export interface SpecRule {
  readonly code: SpecTextCode;
  find(input: SpecInput): SpecFinding[];
}

export const roundConfidence = (value: number) => Math.round(Math.max(0, Math.min(1, value)) * 1000) / 1000;

const MAX_EVIDENCE_TEXT = 300;

/** Evidence text for a reviewer: at most ~300 characters. */
export function clipText(text: string): string {
  return text.length <= MAX_EVIDENCE_TEXT ? text : `${text.slice(0, MAX_EVIDENCE_TEXT - 1).trimEnd()}…`;
}
