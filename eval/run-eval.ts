/**
 * Runs the compliance engine (real detectors, real policies) on the evaluation set and prints
 * per-code precision, recall and support, and every disagreement with a diagnosis.
 *
 *   node --import tsx eval/run-eval.ts [dir=eval/set] [--detectors metrics,ocr,nsfw]
 *                                      [--format table|json] [--check] [--only id,id-prefix]
 *
 * `--only spec-critic-quote,text-combo-3` judges only those images (ids or id prefixes).
 *
 * Exit 0, or 1 with --check when a bar is missed; 2 on an error.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { DEFAULT_DETECTORS } from "./eval-detectors.js";
import { evaluate } from "./evaluate.js";
import { formatReport } from "./format-report.js";
import { DEFAULT_SET_DIR } from "./generate-eval-set.js";

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      detectors: { type: "string", default: DEFAULT_DETECTORS.join(",") },
      format: { type: "string", default: "table" },
      check: { type: "boolean", default: false },
      only: { type: "string" },
    },
  });
  if (values.format !== "table" && values.format !== "json") {
    process.stderr.write(`--format must be table or json, not ${values.format}\n`);
    return 2;
  }
  const dir = path.resolve(positionals[0] ?? DEFAULT_SET_DIR);
  const detectors = values.detectors
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  const progress = process.stderr.isTTY;
  const only = values.only
    ?.split(",")
    .map((id) => id.trim())
    .filter(Boolean);
  const report = await evaluate(dir, {
    detectors,
    ...(only ? { only } : {}),
    onImage: (result, index, total) => {
      if (progress) process.stderr.write(`\r\x1b[2K[${index + 1}/${total}] ${result.file}`);
    },
  });
  if (progress) process.stderr.write("\r\x1b[2K");
  process.stdout.write(
    values.format === "json" ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report),
  );
  return values.check && !report.bars.passed ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
