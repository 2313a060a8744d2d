import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** English words by frequency, most frequent first (wordninja's list, shipped by `wordsninja`). */
let ranks: Map<string, number> | undefined;

/** A folded word's place in English word frequency (0 = most frequent); undefined for no word. */
export function englishWordRank(word: string): number | undefined {
  ranks ??= new Map((require("wordsninja/words-en.json") as string[]).map((entry, index) => [entry, index]));
  return ranks.get(word);
}

const EVERYDAY_RANK = 5_000;

/** Whether a folded word is among the few thousand most frequent in English. */
export function isEverydayWord(word: string): boolean {
  const rank = englishWordRank(word);
  return rank !== undefined && rank < EVERYDAY_RANK;
}
