import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** The most frequent English words (wordninja's list, shipped by `wordsninja`). */
const EVERYDAY_RANK = 5_000;
let everyday: Set<string> | undefined;

/** Whether a folded word is among the few thousand most frequent in English. */
export function isEverydayWord(word: string): boolean {
  everyday ??= new Set((require("wordsninja/words-en.json") as string[]).slice(0, EVERYDAY_RANK));
  return everyday.has(word);
}
