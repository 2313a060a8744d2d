const COMBINING_MARKS = /\p{M}+/gu;
const APOSTROPHES = /[\u2018\u2019\u201B\u2032\u02BC`´]/g;
const DASHES = /[\u2010-\u2015\u2212]/g;

/** Letters that NFKD does not decompose into a base letter plus a mark. */
const UNDECOMPOSED: Record<string, string> = {
  ø: "o",
  ł: "l",
  đ: "d",
  ð: "d",
  þ: "th",
  æ: "ae",
  œ: "oe",
  ß: "ss",
  ı: "i",
};
const UNDECOMPOSED_PATTERN = new RegExp(`[${Object.keys(UNDECOMPOSED).join("")}]`, "g");

/** Case fold, strip diacritics and unify apostrophes and dashes. */
export function foldText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(COMBINING_MARKS, "")
    .toLowerCase()
    .replace(UNDECOMPOSED_PATTERN, (c) => UNDECOMPOSED[c] ?? c)
    .replace(APOSTROPHES, "'")
    .replace(DASHES, "-");
}

/** Characters OCR (or leetspeak) uses for a letter; each maps to one representative. */
const SYMBOL_CONFUSABLES: Record<string, string> = {
  l: "i",
  "|": "i",
  "!": "i",
  $: "s",
  "@": "a",
};
const DIGIT_CONFUSABLES: Record<string, string> = {
  "0": "o",
  "1": "i",
  "3": "e",
  "4": "a",
  "5": "s",
};
const HAS_LETTER = /[a-z]/;

/**
 * The confusion-insensitive form of a folded token: `N3tfl1x`, `netfiix` and `netflix`
 * share one skeleton. Digits count as letters only inside a token that has letters,
 * so `2026` stays a number.
 */
export function skeleton(token: string): string {
  const digitsAreLetters = HAS_LETTER.test(token);
  let out = "";
  for (const c of token) {
    out += SYMBOL_CONFUSABLES[c] ?? (digitsAreLetters ? DIGIT_CONFUSABLES[c] : undefined) ?? c;
  }
  return out;
}
