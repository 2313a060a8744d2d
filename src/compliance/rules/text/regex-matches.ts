import type { TextMatch } from "./text-match.js";

/**
 * Every match of a global `pattern` in `text` as a `TextMatch`. `qualityOf` returns the
 * quality of a match, or 0 to reject it.
 */
export function regexMatches(
  text: string,
  pattern: RegExp,
  term: string,
  qualityOf: (match: RegExpExecArray) => number = () => 1,
): TextMatch[] {
  const matches: TextMatch[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    if (m[0].length === 0) {
      pattern.lastIndex++;
      continue;
    }
    const quality = qualityOf(m);
    if (quality > 0) matches.push({ start: m.index, end: m.index + m[0].length, quality, term });
  }
  return matches;
}
