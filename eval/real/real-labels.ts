import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { VIOLATION_CODES, type ViolationCode } from "../../src/domain/violation.js";

/** The label files: one or more per source repository, written by looking at each poster. */
export const LABELS_DIR = fileURLToPath(new URL("./labels/", import.meta.url));

const code = z.enum(VIOLATION_CODES);

const posterLabel = z.object({
  path: z.string().min(1),
  title: z.string(),
  titleShown: z.boolean(),
  language: z.string(),
  codes: z.array(code),
  uncertain: z.array(code),
  /** Streaming platforms whose name, badge or logo is on the art (platform slugs). */
  brands: z.array(z.string()),
  evidence: z.record(z.string(), z.string()),
  notes: z.string().optional(),
});

const labelFile = z.object({
  source: z.object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    repo: z.string(),
    commit: z.string().regex(/^[0-9a-f]{40}$/),
    folder: z.string(),
  }),
  posters: z.array(posterLabel),
  skipped: z.array(z.object({ path: z.string(), why: z.string() })).optional(),
});

export type PosterLabel = z.infer<typeof posterLabel>;
export type LabelSource = z.infer<typeof labelFile>["source"];

export interface LabelledPoster extends PosterLabel {
  /** `source/path`: unique across the set. */
  id: string;
  source: LabelSource;
}

/** Every labelled poster, checked: unknown codes, a code both sure and uncertain, or evidence missing fail. */
export function loadLabels(dir = LABELS_DIR): LabelledPoster[] {
  const posters: LabelledPoster[] = [];
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()) {
    const parsed = labelFile.safeParse(JSON.parse(readFileSync(path.join(dir, file), "utf8")));
    if (!parsed.success) throw new Error(`${file}: ${parsed.error.message}`);
    for (const poster of parsed.data.posters) {
      const both = poster.codes.filter((c) => poster.uncertain.includes(c));
      if (both.length > 0)
        throw new Error(`${file} ${poster.path}: ${both.join(", ")} both sure and uncertain`);
      const unexplained = [...poster.codes, ...poster.uncertain].filter((c) => !poster.evidence[c]);
      if (unexplained.length > 0) {
        throw new Error(`${file} ${poster.path}: no evidence for ${unexplained.join(", ")}`);
      }
      posters.push({ ...poster, id: `${parsed.data.source.id}/${poster.path}`, source: parsed.data.source });
    }
  }
  const seen = new Set<string>();
  for (const poster of posters) {
    if (seen.has(poster.id)) throw new Error(`${poster.id} is labelled twice`);
    seen.add(poster.id);
  }
  return posters;
}

export type { ViolationCode };
