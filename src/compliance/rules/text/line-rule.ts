import type { ViolationCode } from "../../../domain/violation.js";
import type { LineText } from "./line-text.js";
import type { TextMatch } from "./text-match.js";

/** One text rule: finds what it flags in a line and says why, for a person. */
export interface LineRule {
  readonly code: ViolationCode;
  find(line: LineText): TextMatch[];
  describe(match: TextMatch, text: string): string;
}
