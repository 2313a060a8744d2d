import { cleanCases, photoCases } from "./clean-cases.js";
import type { EvalCase } from "./eval-case.js";
import { specCases } from "./spec-cases.js";
import { technicalCases } from "./technical-cases.js";
import { textCases } from "./text-cases.js";

export const DEFAULT_SEED = 1;

/** The whole evaluation set, or the small subset the test runs; same seed, same images. */
export function allCases(options: { seed?: number; subset?: boolean } = {}): EvalCase[] {
  const seed = options.seed ?? DEFAULT_SEED;
  const cases = [
    ...technicalCases(seed),
    ...textCases(seed),
    ...specCases(seed),
    ...cleanCases(seed),
    ...photoCases(seed),
  ];
  const ids = new Set<string>();
  for (const c of cases) {
    if (ids.has(c.id)) throw new Error(`two evaluation cases are named ${c.id}`);
    ids.add(c.id);
  }
  return options.subset ? cases.filter((c) => c.inSubset) : cases;
}
