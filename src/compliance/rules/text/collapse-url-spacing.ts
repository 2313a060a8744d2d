/** Text with some spaces removed, remembering where each character came from. */
export interface CollapsedText {
  text: string;
  /** `origin[i]` is the index in the original text of `text[i]`. */
  origin: number[];
}

const ALNUM = /[a-z0-9]/;
const ENDS_WITH_WWW = /(?:^|[^a-z0-9])www$/;

function isSpace(c: string): boolean {
  return c === " " || c === "\t";
}

/**
 * Removes the spaces OCR puts inside web addresses (`www. site .com`) while leaving
 * prose alone: a space before a dot goes (prose never has one), a space after a dot
 * goes only after `www` or when the dot stood alone (` . `), and a space after `://` goes.
 * `The end. Net result` keeps its space.
 */
export function collapseUrlSpacing(original: string): CollapsedText {
  let text = "";
  const origin: number[] = [];
  let i = 0;
  while (i < original.length) {
    const c = original.charAt(i);
    if (!isSpace(c)) {
      text += c;
      origin.push(i);
      i++;
      continue;
    }
    let j = i;
    while (j < original.length && isSpace(original.charAt(j))) j++;
    const before = original.charAt(i - 1);
    const after = original.charAt(j);
    const spaceBeforeDot = after === "." && ALNUM.test(before);
    const spaceAfterDot =
      before === "." &&
      ALNUM.test(after) &&
      (isSpace(original.charAt(i - 2)) || ENDS_WITH_WWW.test(original.slice(0, i - 1)));
    const spaceAfterScheme = before === "/" && original.slice(0, i).endsWith("://");
    if (!(spaceBeforeDot || spaceAfterDot || spaceAfterScheme)) {
      for (let k = i; k < j; k++) {
        text += original.charAt(k);
        origin.push(k);
      }
    }
    i = j;
  }
  return { text, origin };
}

/** The original range of the collapsed range [start, end). */
export function originalRange(collapsed: CollapsedText, start: number, end: number): [number, number] {
  const first = collapsed.origin[start] ?? 0;
  const last = collapsed.origin[end - 1] ?? first;
  return [first, last + 1];
}
