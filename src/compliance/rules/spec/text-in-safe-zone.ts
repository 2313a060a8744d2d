import { type SafeZone, zoneBox } from "../../../domain/policy.js";
import type { Box } from "../../../domain/violation.js";
import { shareInside } from "./box-geometry.js";
import { readableSpan } from "./readable-text.js";
import { roundConfidence, type SpecFinding, type SpecInput, type SpecRule } from "./spec-finding.js";

/**
 * A line of text counts as inside a safe zone when more than this share of its box lies
 * there: text merely brushing the zone's edge (a descender, a loose OCR box) does not.
 */
export const SAFE_ZONE_MAX_OVERLAP = 0.2;

const percent = (share: number) => `${Math.round(share * 100)} %`;

/**
 * TEXT_IN_SAFE_ZONE: lines of readable text (junk excluded, see `readableSpan`) lying in a
 * region the platform keeps free for its own interface. The title counts like any text:
 * keeping it out of those regions is what safe zones are for. One finding per line, against
 * the zone it overlaps most.
 */
export function textInSafeZoneRule(): SpecRule {
  return {
    code: "TEXT_IN_SAFE_ZONE",
    find(input: SpecInput): SpecFinding[] {
      const { page, policy } = input;
      const zones = policy.artwork.safeZones.map((zone) => ({
        zone,
        box: zoneBox(zone, page.imageWidth, page.imageHeight),
      }));
      if (zones.length === 0) return [];
      const findings: SpecFinding[] = [];
      for (const line of page.lines) {
        const span = readableSpan(line);
        if (!span) continue;
        let worst: { zone: SafeZone; box: Box; share: number } | undefined;
        for (const { zone, box } of zones) {
          const share = shareInside(span.box, box);
          if (share > SAFE_ZONE_MAX_OVERLAP && share > (worst?.share ?? 0)) worst = { zone, box, share };
        }
        if (!worst) continue;
        findings.push({
          code: "TEXT_IN_SAFE_ZONE",
          confidence: roundConfidence(span.confidence),
          message: `Text "${span.text}" lies in the ${worst.zone.name} safe zone (${percent(worst.share)} of its box).`,
          evidence: {
            text: span.text,
            boxes: [span.box, worst.box],
            measured: { overlap: Math.round(worst.share * 1000) / 1000 },
            limit: { zone: worst.zone.name, maxOverlap: SAFE_ZONE_MAX_OVERLAP },
          },
        });
      }
      return findings;
    },
  };
}
