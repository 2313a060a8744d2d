import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { posterCase } from "../../eval/eval-cases/poster-case.js";
import type { BackgroundKind, LayoutItem } from "../../eval/eval-cases/poster-layout.js";
import { TAGLINES, TITLES, YEARS } from "../../eval/eval-cases/vocabulary.js";

export interface BenchPoster {
  name: string;
  bytes: Buffer;
  posterHash: string;
  /** Lines of text drawn on it. */
  lines: number;
  realPhoto: boolean;
}

/** Mostly real photos, as key art is; a few flat and gradient ones. */
const BACKGROUNDS: readonly BackgroundKind[] = ["photo", "photo", "flat", "photo", "gradient", "photo"];

/**
 * `count` distinct 1000×1500 JPEG posters like the evaluation set's: a title, tagline and year
 * (or fewer lines, or none) over real photos or flat and gradient fills. Written to `dir` too.
 */
export async function makeBenchPosters(count: number, dir: string, seed = 1): Promise<BenchPoster[]> {
  const posters: BenchPoster[] = [];
  for (let index = 0; index < count; index++) {
    const id = `bench-${index}`;
    const made = posterCase(seed, {
      id,
      group: "clean",
      summary: "a benchmark poster",
      expected: [],
      policy: "generic",
      width: 1000,
      height: 1500,
      items: itemsFor(index),
      background: BACKGROUNDS[index % BACKGROUNDS.length],
    });
    const image = await made.render();
    const name = `${id}.${image.extension}`;
    await writeFile(join(dir, name), image.bytes);
    posters.push({
      name,
      bytes: image.bytes,
      posterHash: createHash("sha256").update(image.bytes).digest("hex"),
      lines: image.lines.length,
      realPhoto: made.realPhoto,
    });
  }
  return posters;
}

/** Every fifth poster has no text; the others one to three lines. */
function itemsFor(index: number): LayoutItem[] {
  if (index % 5 === 4) return [];
  const title: LayoutItem = { lines: [TITLES[index % TITLES.length] as string], role: "title" };
  const tagline: LayoutItem = { lines: [TAGLINES[index % TAGLINES.length] as string], role: "tagline" };
  const year: LayoutItem = { lines: [YEARS[index % YEARS.length] as string], role: "year" };
  const layouts = [[title], [title, tagline], [title, tagline, year], [title, year]];
  return layouts[index % layouts.length] as LayoutItem[];
}
