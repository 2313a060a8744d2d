import { type ReadableSpan, readableSpan } from "./readable-text.js";
import {
  clipText,
  roundConfidence,
  type SpecFinding,
  type SpecInput,
  type SpecRule,
} from "./spec-finding.js";

/**
 * TEXT_ON_TEXTLESS_ART: the artwork type (hero, episodic) must carry no text at all, and
 * OCR read some (junk read off a photo's texture does not count: see `readableSpan`). The
 * known title and the platform's brand count too: textless art carries no title treatment.
 * One finding for the poster, with every line of text as evidence.
 */
export function textOnTextlessArtRule(): SpecRule {
  return {
    code: "TEXT_ON_TEXTLESS_ART",
    find(input: SpecInput): SpecFinding[] {
      const { page, policy } = input;
      if (policy.artwork.textAllowed) return [];
      const spans = page.lines.map(readableSpan).filter((span): span is ReadableSpan => span !== undefined);
      if (spans.length === 0) return [];
      const text = clipText(spans.map((span) => span.text).join(" / "));
      return [
        {
          code: "TEXT_ON_TEXTLESS_ART",
          confidence: roundConfidence(Math.max(...spans.map((span) => span.confidence))),
          message: `${policy.artworkType} art must be textless, but it reads "${text}".`,
          evidence: {
            text,
            boxes: spans.map((span) => span.box),
            measured: {
              lines: spans.length,
              words: spans.reduce((sum, span) => sum + span.readableWords, 0),
            },
            limit: { textAllowed: false },
          },
        },
      ];
    },
  };
}
