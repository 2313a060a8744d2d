import { defaultPolicy } from "../../../src/compliance/default-policy.js";
import type {
  OcrLine,
  OcrObservation,
  OcrWord,
} from "../../../src/compliance/observations/ocr-observation.js";
import { judgeSpecText, SPEC_TEXT_CODES } from "../../../src/compliance/rules/spec/judge-spec-text.js";
import {
  type ArtworkRules,
  type Policy,
  type PolicyContent,
  type RuleSettings,
  versionPolicy,
} from "../../../src/domain/policy.js";
import type { Violation, ViolationCode } from "../../../src/domain/violation.js";
import { ocrOf, type WordSpec } from "../text-rules/ocr-fixture.js";

export const DETECTOR = "ocr-test@1";

const MEDIUM: RuleSettings = { enabled: true, severity: "MEDIUM", minConfidence: 0.5 };

export interface PolicyChanges {
  artwork?: Partial<ArtworkRules>;
  rules?: PolicyContent["rules"];
  text?: Partial<PolicyContent["text"]>;
}

/** The shipped generic policy with some changes, versioned like a real one. */
export function specPolicy(changes: PolicyChanges = {}): Policy {
  const { version: _version, ...content } = defaultPolicy();
  return versionPolicy({
    ...content,
    rules: changes.rules ?? content.rules,
    artwork: { ...content.artwork, ...changes.artwork },
    text: { ...content.text, ...changes.text },
  });
}

/** A policy where only `code` is enabled (MEDIUM, minConfidence 0.5). */
export function onlySpecRule(code: ViolationCode, changes: Omit<PolicyChanges, "rules"> = {}): Policy {
  return specPolicy({ ...changes, rules: { [code]: MEDIUM } });
}

/** Every spec rule on, text allowed, title required: a poster (key art) spec. */
export function allSpecRules(changes: Omit<PolicyChanges, "rules"> = {}): Policy {
  return specPolicy({
    ...changes,
    artwork: { textAllowed: true, titleRequired: true, ...changes.artwork },
    rules: Object.fromEntries(SPEC_TEXT_CODES.map((code) => [code, MEDIUM])),
  });
}

export function judgeLines(
  lines: ReadonlyArray<string | readonly WordSpec[]>,
  policy: Policy,
  title?: string,
): Violation[] {
  return judgeSpecText(ocrOf(lines), policy, DETECTOR, { title });
}

/** The evidence texts of what a poster raises. */
export function flagged(
  lines: string | ReadonlyArray<string | readonly WordSpec[]>,
  policy: Policy,
  title?: string,
): string[] {
  return judgeLines(typeof lines === "string" ? [lines] : lines, policy, title).map(
    (v) => v.evidence?.text ?? "",
  );
}

export interface PlacedLine {
  text: string;
  x?: number;
  y: number;
  /** Line height in px (default 40). */
  height?: number;
  /** Width of one character in px (default half the height). */
  charWidth?: number;
  confidence?: number;
}

/** OCR of lines placed where a test wants them: each word a box, words side by side. */
export function placedOcr(
  lines: readonly PlacedLine[],
  imageWidth = 1000,
  imageHeight = 1500,
): OcrObservation {
  const ocrLines: OcrLine[] = lines.map((line) => {
    const height = line.height ?? 40;
    const charWidth = line.charWidth ?? height / 2;
    const gap = charWidth;
    let x = line.x ?? 50;
    const left = x;
    const words: OcrWord[] = line.text.split(" ").map((text) => {
      const box = { x, y: line.y, width: text.length * charWidth, height };
      x += box.width + gap;
      return { text, confidence: line.confidence ?? 0.95, box };
    });
    return {
      text: line.text,
      confidence: line.confidence ?? 0.95,
      box: { x: left, y: line.y, width: x - gap - left, height },
      words,
    };
  });
  return { imageWidth, imageHeight, lines: ocrLines };
}
