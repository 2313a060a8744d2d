import type { Observation } from "../../domain/observation.js";
import { type Policy, zoneBox } from "../../domain/policy.js";
import type { Box, Violation } from "../../domain/violation.js";
import { codeLabel } from "../format.js";
import { html, type SafeHtml } from "../html.js";

export interface Size {
  width: number;
  height: number;
}

interface TextBox {
  text: string;
  box: Box;
}

function isBox(value: unknown): value is Box {
  const b = value as Box;
  return (
    typeof value === "object" &&
    value !== null &&
    [b.x, b.y, b.width, b.height].every((n) => typeof n === "number" && Number.isFinite(n))
  );
}

/** OCR words (or lines without words) from any observation shaped like OCR output. */
export function ocrBoxes(observations: Observation[]): TextBox[] {
  const found: TextBox[] = [];
  for (const observation of observations) {
    const lines = (observation.data as { lines?: unknown })?.lines;
    if (!Array.isArray(lines)) continue;
    for (const line of lines as { text?: unknown; box?: unknown; words?: unknown }[]) {
      const words = Array.isArray(line.words) ? (line.words as { text?: unknown; box?: unknown }[]) : [];
      const boxed = words.filter((w) => isBox(w.box));
      if (boxed.length) {
        for (const w of boxed) found.push({ text: String(w.text ?? ""), box: w.box as Box });
      } else if (isBox(line.box)) {
        found.push({ text: String(line.text ?? ""), box: line.box });
      }
    }
  }
  return found;
}

function label(box: Box, text: string, fontSize: number): SafeHtml {
  const above = box.y - fontSize * 0.35;
  const y = above > fontSize ? above : box.y + fontSize * 1.1;
  return html`<text x="${Math.round(box.x + 4)}" y="${Math.round(y)}" font-size="${fontSize}">${text}</text>`;
}

function rect(box: Box, title?: string): SafeHtml {
  return html`<rect class="box" x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}">${
    title ? html`<title>${title}</title>` : ""
  }</rect>`;
}

/**
 * The evidence drawn over the poster: a viewBox equal to the image's pixels, so boxes stored in
 * image pixels land where they belong at any display size.
 */
export function evidenceOverlay(input: {
  size: Size;
  violations: Violation[];
  overturned: Set<string>;
  observations: Observation[];
  policy?: Policy | undefined;
}): SafeHtml {
  const { width, height } = input.size;
  const fontSize = Math.max(12, Math.round(width / 38));
  const violations = input.violations
    .filter((v) => v.evidence?.boxes?.length)
    .map((v) => {
      const boxes = v.evidence?.boxes ?? [];
      const classes = `evidence sev-${v.severity} ${input.overturned.has(v.code) ? "overturned" : ""}`;
      return html`<g class="${classes}" data-evidence="${v.code}">${boxes.map((b) =>
        rect(b, `${v.code}: ${v.message}`),
      )}${boxes[0] ? label(boxes[0], codeLabel(v.code), fontSize) : ""}</g>`;
    });
  const words = ocrBoxes(input.observations).map((w) => rect(w.box, `OCR: ${w.text}`));
  const zones = (input.policy?.artwork.safeZones ?? []).map((zone) => {
    const box = zoneBox(zone, width, height);
    return html`<g>${rect(box, `Safe zone: ${zone.name}`)}${label(box, zone.name, Math.round(fontSize * 0.8))}</g>`;
  });
  return html`<svg class="overlay" viewBox="0 0 ${width} ${height}" preserveAspectRatio="none"
      xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Evidence on the poster">
    <g class="layer-zones">${zones}</g>
    <g class="layer-ocr">${words}</g>
    <g class="layer-violations">${violations}</g>
  </svg>`;
}

export function countEvidence(input: {
  violations: Violation[];
  observations: Observation[];
  policy?: Policy | undefined;
}) {
  return {
    violationBoxes: input.violations.reduce((n, v) => n + (v.evidence?.boxes?.length ?? 0), 0),
    ocrBoxes: ocrBoxes(input.observations).length,
    zones: input.policy?.artwork.safeZones.length ?? 0,
  };
}
