import {
  defaultTextRuleSettings,
  judgeText,
  type TextRuleSettings,
} from "../../../src/compliance/rules/text/judge-text.js";
import type { Violation, ViolationCode } from "../../../src/domain/violation.js";
import { ocrOf, type WordSpec } from "./ocr-fixture.js";

export const DETECTOR = "ocr-test@1";

/** Default settings with only `code` enabled (MEDIUM, minConfidence 0.5). */
export function onlyRule(code: ViolationCode, overrides: Partial<TextRuleSettings> = {}): TextRuleSettings {
  return defaultTextRuleSettings({
    rules: { [code]: { enabled: true, severity: "MEDIUM", minConfidence: 0.5 } },
    ...overrides,
  });
}

export function judgeLines(
  lines: ReadonlyArray<string | readonly WordSpec[]>,
  settings: TextRuleSettings,
): Violation[] {
  return judgeText(ocrOf(lines), settings, DETECTOR);
}

/** The evidence texts of what a one-line poster raises. */
export function flagged(line: string, settings: TextRuleSettings): string[] {
  return judgeLines([line], settings).map((v) => v.evidence?.text ?? "");
}
