import { createHash } from "node:crypto";

export type RealPart = "tune" | "heldout";

/**
 * Which part a poster belongs to, fixed by its repository and path alone, so that adding
 * posters never moves one between parts. About half are held out: measured, never tuned on.
 */
export function partOf(repo: string, filePath: string): RealPart {
  const digest = createHash("sha256").update(`${repo}\u0000${filePath}`).digest();
  return (digest[0] ?? 0) < 128 ? "heldout" : "tune";
}
