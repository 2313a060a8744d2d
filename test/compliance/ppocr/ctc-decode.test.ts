import { describe, expect, it } from "vitest";
import { ctcDecode } from "../../../src/compliance/detectors/ppocr/ctc-decode.js";

/** Class 0 is the CTC blank; the space is the recogniser's last class. */
const ALPHABET = ["", "A", "B", "C", " "];
const CLASSES = ALPHABET.length;

/**
 * Scores for a line: at each step the named class gets `probability` and the rest share what
 * is left, so the named class is the most probable.
 */
function scoresFor(steps: readonly { char: string; probability?: number }[]): Float32Array {
  const scores = new Float32Array(steps.length * CLASSES);
  steps.forEach(({ char, probability = 0.9 }, step) => {
    const best = ALPHABET.indexOf(char);
    if (best < 0) throw new Error(`no class for ${JSON.stringify(char)}`);
    for (let c = 0; c < CLASSES; c++) {
      scores[step * CLASSES + c] = c === best ? probability : (1 - probability) / (CLASSES - 1);
    }
  });
  return scores;
}

const steps = (chars: string) => [...chars].map((char) => ({ char: char === "_" ? "" : char }));

describe("ctcDecode (greedy CTC)", () => {
  it("collapses repeats, drops blanks and keeps a letter repeated across a blank", () => {
    const scores = scoresFor(steps("AA_A_BBC_"));
    const decoded = ctcDecode(scores, 0, 9, CLASSES, ALPHABET);
    expect(decoded.chars.map((c) => c.char).join("")).toBe("AABC");
    expect(decoded.steps).toBe(9);
  });

  it("records the first and last step of each character", () => {
    const decoded = ctcDecode(scoresFor(steps("_AAA__B_CC")), 0, 10, CLASSES, ALPHABET);
    expect(decoded.chars.map(({ char, firstStep, lastStep }) => [char, firstStep, lastStep])).toEqual([
      ["A", 1, 3],
      ["B", 6, 6],
      ["C", 8, 9],
    ]);
  });

  it("gives a character the highest probability of its steps", () => {
    const scores = scoresFor([
      { char: "A", probability: 0.6 },
      { char: "A", probability: 0.95 },
      { char: "A", probability: 0.7 },
      { char: "" },
      { char: "B", probability: 0.55 },
    ]);
    const [a, b] = ctcDecode(scores, 0, 5, CLASSES, ALPHABET).chars;
    expect(a?.probability).toBeCloseTo(0.95, 5);
    expect(b?.probability).toBeCloseTo(0.55, 5);
  });

  it("keeps the space as a character", () => {
    const decoded = ctcDecode(scoresFor(steps("A_ _B")), 0, 5, CLASSES, ALPHABET);
    expect(decoded.chars.map((c) => c.char)).toEqual(["A", " ", "B"]);
  });

  it("reads one line of a batch at its offset", () => {
    const first = scoresFor(steps("AAB"));
    const second = scoresFor(steps("C_C"));
    const batch = new Float32Array(first.length + second.length);
    batch.set(first, 0);
    batch.set(second, first.length);
    expect(ctcDecode(batch, 0, 3, CLASSES, ALPHABET).chars.map((c) => c.char)).toEqual(["A", "B"]);
    expect(ctcDecode(batch, 3 * CLASSES, 3, CLASSES, ALPHABET).chars.map((c) => c.char)).toEqual(["C", "C"]);
  });

  it("reads nothing from blanks alone", () => {
    expect(ctcDecode(scoresFor(steps("____")), 0, 4, CLASSES, ALPHABET).chars).toEqual([]);
  });
});
