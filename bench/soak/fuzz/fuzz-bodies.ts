import type { Prng } from "../prng.js";

const KEYS = [
  "platform",
  "posterUrl",
  "artworkType",
  "pageUrl",
  "metadata",
  "requestId",
  "__proto__",
  "constructor",
  "x",
];

/** A random JSON value, at most `depth` deep. */
export function randomJson(random: Prng, depth: number): unknown {
  const kind = random.int(depth > 0 ? 9 : 6);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return random.chance(0.5);
    case 2:
      return random.pick([0, -1, 1.5, 1e308, -0, 2 ** 53 + 1, 123456789]);
    case 3:
      return randomString(random, random.pick([0, 1, 10, 300]));
    case 4:
      return random.pick(["streamflix", "soak", "poster", "box-art", "../x", "a b"]);
    case 5:
      return "";
    case 6:
    case 7:
      return Object.fromEntries(
        Array.from({ length: random.int(5) }, () => [random.pick(KEYS), randomJson(random, depth - 1)]),
      );
    default:
      return Array.from({ length: random.int(4) }, () => randomJson(random, depth - 1));
  }
}

export function randomString(random: Prng, length: number): string {
  const alphabet = [
    "a",
    "Z",
    "0",
    " ",
    "\u0000",
    "\n",
    '"',
    "\\",
    "ü",
    "€",
    "𝄞",
    "\u202e",
    "\ud800",
    "<",
    "%",
  ];
  return Array.from({ length }, () => random.pick(alphabet)).join("");
}

/** `[[[…]]]` or `{"a":{"a":…}}` n levels deep, as text. */
export function nested(levels: number, kind: "array" | "object"): string {
  return kind === "array"
    ? `${"[".repeat(levels)}${"]".repeat(levels)}`
    : `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`;
}
