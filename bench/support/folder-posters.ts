import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { BenchPoster } from "./bench-posters.js";

const IMAGE_FILE = /\.(?:jpe?g|png|webp)$/i;

/**
 * Up to `count` posters from a folder (searched recursively), in a stable order that mixes the
 * folder's sources: sorted by the hash of their bytes, not by name.
 */
export function folderPosters(dir: string, count: number): BenchPoster[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      if (name.startsWith(".")) continue;
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (IMAGE_FILE.test(name)) files.push(path);
    }
  };
  walk(dir);
  const posters = files.map((path) => {
    const bytes = readFileSync(path);
    return {
      name: path.slice(dir.length + 1),
      bytes,
      posterHash: createHash("sha256").update(bytes).digest("hex"),
      lines: -1,
      realPhoto: true,
    };
  });
  posters.sort((a, b) => (a.posterHash < b.posterHash ? -1 : 1));
  if (posters.length < count) throw new Error(`${dir} holds ${posters.length} posters, fewer than ${count}`);
  return posters.slice(0, count);
}
