import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Manifest, ManifestEntry } from "../../eval/eval-cases/eval-case.js";
import { evaluate } from "../../eval/evaluate.js";

function entry(id: string, file: string, width: number, height: number): ManifestEntry {
  return {
    id,
    file,
    group: "technical",
    description: id,
    expected: width < 500 ? ["LOW_RESOLUTION"] : [],
    policy: "generic",
    realPhoto: false,
    width,
    height,
    lines: [],
  };
}

/** A set of three plain images, judged with the metrics detector only (fast, no models). */
describe("evaluating part of a set", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "posterguard-eval-only-"));
    const entries = [
      entry("tech-small-1", "tech-small-1.png", 200, 300),
      entry("tech-small-2", "tech-small-2.png", 220, 330),
      entry("clean-plain", "clean-plain.png", 1000, 1500),
    ];
    for (const { file, width, height } of entries) {
      const background = { r: 40, g: 90, b: 140 };
      await sharp({ create: { width, height, channels: 3, background } })
        .png()
        .toFile(path.join(dir, file));
    }
    const manifest: Manifest = { seed: 1, subset: false, entries };
    await writeFile(path.join(dir, "manifest.json"), JSON.stringify(manifest));
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("judges only the images whose id is given or starts with a given prefix", async () => {
    const report = await evaluate(dir, { detectors: ["metrics"], only: ["tech-small", "clean-plain"] });
    expect(report.results.map((r) => r.id)).toEqual(["tech-small-1", "tech-small-2", "clean-plain"]);
    const one = await evaluate(dir, { detectors: ["metrics"], only: ["tech-small-2"] });
    expect(one.results.map((r) => r.id)).toEqual(["tech-small-2"]);
    expect(one.perCode.find((m) => m.code === "LOW_RESOLUTION")).toMatchObject({ support: 1, recall: 1 });
  });

  it("refuses a selection that matches no image", async () => {
    await expect(evaluate(dir, { detectors: ["metrics"], only: ["spec-"] })).rejects.toThrow(/spec-/);
  });
});
