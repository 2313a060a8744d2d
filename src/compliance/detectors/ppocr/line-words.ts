import type { Box } from "../../../domain/violation.js";
import type { OcrLine, OcrWord } from "../../observations/ocr-observation.js";
import type { DecodedChar, DecodedLine } from "./ctc-decode.js";
import { lostSpaces } from "./glued-words.js";

/**
 * A recognised line as words with boxes. Words split at the spaces the model emitted and at
 * those it dropped between English words (its Chinese-and-English model often does); each
 * word's box spans the time steps of its characters, mapped back onto the line's box
 * (`usedFraction` of the steps cover the crop, the rest is padding).
 */
export function lineFromDecoded(
  decoded: DecodedLine,
  box: Box,
  usedFraction: number,
  rotate: boolean,
): OcrLine | undefined {
  let groups: DecodedChar[][] = [];
  let current: DecodedChar[] = [];
  for (const char of decoded.chars) {
    if (char.char === " ") {
      if (current.length > 0) groups.push(current);
      current = [];
    } else current.push(char);
  }
  if (current.length > 0) groups.push(current);
  if (groups.length === 0) return undefined;
  groups = groups.flatMap(splitLostSpaces);
  const stepWidth = decoded.steps > 0 ? box.width / (decoded.steps * usedFraction) : 0;
  const words: OcrWord[] = groups.map((chars) => {
    const text = chars.map((c) => c.char).join("");
    const confidence = chars.reduce((sum, c) => sum + c.probability, 0) / chars.length;
    if (rotate || stepWidth === 0) return { text, confidence, box };
    const first = chars[0]?.firstStep ?? 0;
    const last = chars.at(-1)?.lastStep ?? first;
    // A character's steps sit near its centre: widen by half a character on each side.
    const x0 = Math.max(box.x, Math.floor(box.x + (first - 0.5) * stepWidth));
    const x1 = Math.min(box.x + box.width, Math.ceil(box.x + (last + 1.5) * stepWidth));
    return { text, confidence, box: { x: x0, y: box.y, width: Math.max(1, x1 - x0), height: box.height } };
  });
  const chars = groups.flat();
  return {
    text: words.map((w) => w.text).join(" "),
    confidence: chars.reduce((sum, c) => sum + c.probability, 0) / chars.length,
    box,
    words,
  };
}

function splitLostSpaces(chars: DecodedChar[]): DecodedChar[][] {
  const cuts = lostSpaces(chars.map((c) => c.char).join(""));
  if (cuts.length === 0) return [chars];
  const pieces: DecodedChar[][] = [];
  let start = 0;
  for (const cut of [...cuts, chars.length]) {
    pieces.push(chars.slice(start, cut));
    start = cut;
  }
  return pieces.filter((piece) => piece.length > 0);
}
