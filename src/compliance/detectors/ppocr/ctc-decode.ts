/** One character the recogniser emitted, with the time steps (columns of the crop) it spans. */
export interface DecodedChar {
  char: string;
  probability: number;
  firstStep: number;
  lastStep: number;
}

export interface DecodedLine {
  chars: DecodedChar[];
  /** Time steps in the (padded) crop. */
  steps: number;
}

/**
 * Greedy CTC decoding of one line: the most probable class per time step, repeats collapsed,
 * blanks (class 0) dropped. `scores` holds `steps × classes` probabilities.
 */
export function ctcDecode(
  scores: Float32Array,
  offset: number,
  steps: number,
  classes: number,
  alphabet: readonly string[],
): DecodedLine {
  const chars: DecodedChar[] = [];
  let previous = -1;
  for (let step = 0; step < steps; step++) {
    const base = offset + step * classes;
    let best = 0;
    let bestScore = scores[base] ?? 0;
    for (let c = 1; c < classes; c++) {
      const score = scores[base + c] ?? 0;
      if (score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    if (best !== 0 && best === previous) {
      const last = chars.at(-1);
      if (last) {
        last.lastStep = step;
        last.probability = Math.max(last.probability, bestScore);
      }
    } else if (best !== 0) {
      chars.push({ char: alphabet[best] ?? "", probability: bestScore, firstStep: step, lastStep: step });
    }
    previous = best;
  }
  return { chars, steps };
}
