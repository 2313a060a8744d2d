/**
 * Where the OCR detector's time goes on each poster: decoding, text detection (whole poster and
 * its foot), recognition, and the billing-block shape finder, one poster at a time. Prints JSON.
 *
 *   node --import tsx bench/ocr-stages.ts [--posters 30] [--dir FOLDER]
 *
 * Without --dir the posters are the generated 1000×1500 bench posters.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { findBillingBlocksIn } from "../src/compliance/detectors/layout/billing-blocks.js";
import { PpOcrReader } from "../src/compliance/detectors/ppocr/ppocr-reader.js";
import { makeBenchPosters } from "./support/bench-posters.js";
import { folderPosters } from "./support/folder-posters.js";
import { latencyByKey, record, round } from "./support/latency.js";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { posters: { type: "string", default: "30" }, dir: { type: "string" } },
  });
  const count = Number(values.posters);
  if (!Number.isInteger(count) || count < 1) throw new Error(`--posters must be a positive integer`);
  const dir = mkdtempSync(join(tmpdir(), "posterguard-ocr-stages-"));
  const reader = new PpOcrReader();
  try {
    const posters = values.dir ? folderPosters(values.dir, count) : await makeBenchPosters(count, dir);
    await reader.warmUp();
    await reader.read(posters[0]?.bytes ?? Buffer.alloc(0));
    const samples = new Map<string, number[]>();
    let lines = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (const poster of posters) {
      const page = await reader.read(poster.bytes);
      lines += page.lines.length;
      record(samples, "decode", page.timings.decode);
      record(samples, "detect", page.timings.detect);
      record(samples, "recognise", page.timings.recognise);
      const shapeStarted = performance.now();
      await findBillingBlocksIn(page.image, page.toPoster);
      record(samples, "billingBlockShape", performance.now() - shapeStarted);
    }
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    process.stdout.write(
      `${JSON.stringify(
        {
          benchmark: "ocr-stages",
          posters: posters.length,
          source: values.dir ?? "generated",
          linesPerPoster: round(lines / posters.length),
          msPerPoster: round((seconds * 1000) / posters.length),
          cpuMsPerPoster: round((used.user + used.system) / 1000 / posters.length),
          stages: latencyByKey(samples),
          machine: { cpus: cpus().length, loadavg: loadavg().map((l) => round(l)) },
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await reader.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
