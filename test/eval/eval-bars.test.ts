import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BARRED_CODES, CODE_BAR, type EvalReport, evaluate } from "../../eval/evaluate.js";
import { generateEvalSet } from "../../eval/generate-eval-set.js";
import { barMiss } from "../../eval/metrics.js";

/**
 * The small evaluation set (every text, spec text and most technical codes, clean posters and
 * real photos) through the whole engine with metrics, OCR and nsfw: each code must reach the
 * bars the full `npm run eval` reports against.
 */
describe("the compliance engine on the small evaluation set", () => {
  let dir: string;
  let report: EvalReport;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "posterguard-eval-"));
    await generateEvalSet(dir, { subset: true });
    report = await evaluate(dir, { detectors: ["metrics", "ocr", "nsfw"] });
  }, 300_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("covers clean posters, real photos and each group of codes", () => {
    const groups = new Set(report.results.map((r) => r.group));
    expect([...groups].sort()).toEqual(["clean", "photo", "spec", "technical", "text"]);
    expect(report.results.filter((r) => r.expected.length === 0).length).toBeGreaterThanOrEqual(8);
  });

  it.for(BARRED_CODES)(
    `%s reaches precision ≥ ${CODE_BAR.minPrecision} and recall ≥ ${CODE_BAR.minRecall}`,
    (code, context) => {
      if (report.unsupportedCodes.includes(code) || report.bars.notChecked.includes(code)) {
        context.skip(`${code}: no configured detector raises it yet (unsupported); the lead wires it`);
      }
      const metrics = report.perCode.find((m) => m.code === code);
      if (!metrics) {
        context.skip(`${code}: neither expected nor raised on the small set (see npm run eval)`);
        return;
      }
      const wrong = report.disagreements.filter((d) => d.code === code);
      expect(barMiss(metrics, CODE_BAR), JSON.stringify(wrong, null, 2)).toBeUndefined();
    },
  );

  it("raises no NUDITY or SUGGESTIVE on any image made from a real photo", () => {
    const photos = report.results.filter((r) => r.realPhoto);
    expect(photos.length).toBeGreaterThan(10);
    const flagged = photos.filter((r) => r.raised.some((code) => code === "NUDITY" || code === "SUGGESTIVE"));
    expect(flagged.map((r) => `${r.id}: ${JSON.stringify(r.observed.nsfw)}`)).toEqual([]);
  });
});
