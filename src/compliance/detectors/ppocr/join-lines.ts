import type { OcrLine } from "../../observations/ocr-observation.js";

/** Boxes of one row: they share this much of the shorter one's height… */
const MIN_VERTICAL_OVERLAP = 0.6;
/** …differ in height by at most this factor… */
const MAX_HEIGHT_RATIO = 1.5;
/** …and are at most this many heights apart. */
const MAX_GAP_HEIGHTS = 1.2;

/**
 * Lines the detector found as separate boxes on one row, joined left to right: widely spaced
 * type ("FREE   FALL", "NOW   AVAILABLE") comes out of DB a word at a time, while the rules
 * read phrases along a line.
 */
export function joinRowLines(lines: readonly OcrLine[]): OcrLine[] {
  const sorted = [...lines].sort((a, b) => a.box.x - b.box.x);
  const rows: OcrLine[] = [];
  for (const line of sorted) {
    const index = rows.findIndex((row) => continuesRow(row, line));
    const row = rows[index];
    if (!row) {
      rows.push(line);
      continue;
    }
    const words = [...row.words, ...line.words];
    const x0 = Math.min(row.box.x, line.box.x);
    const y0 = Math.min(row.box.y, line.box.y);
    const x1 = Math.max(row.box.x + row.box.width, line.box.x + line.box.width);
    const y1 = Math.max(row.box.y + row.box.height, line.box.y + line.box.height);
    rows[index] = {
      text: words.map((word) => word.text).join(" "),
      confidence: words.reduce((sum, word) => sum + word.confidence, 0) / words.length,
      box: { x: x0, y: y0, width: x1 - x0, height: y1 - y0 },
      words,
    };
  }
  return rows.sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x);
}

function continuesRow(row: OcrLine, line: OcrLine): boolean {
  const last = row.words.at(-1)?.box ?? row.box;
  const overlap = Math.min(last.y + last.height, line.box.y + line.box.height) - Math.max(last.y, line.box.y);
  const shorter = Math.min(last.height, line.box.height);
  const taller = Math.max(last.height, line.box.height);
  const gap = line.box.x - (row.box.x + row.box.width);
  return (
    overlap >= MIN_VERTICAL_OVERLAP * shorter &&
    taller <= MAX_HEIGHT_RATIO * shorter &&
    gap >= -0.5 * shorter &&
    gap <= MAX_GAP_HEIGHTS * taller
  );
}
