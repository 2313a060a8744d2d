import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { PDQ_DETECTOR_ID } from "../compliance/detectors/pdq-detector.js";
import type { PdqObservation } from "../compliance/observations/pdq-observation.js";
import { composeChecker } from "../compose.js";
import type { Config } from "../config.js";
import { PosterRejectedError } from "../domain/errors.js";
import type { Violation, ViolationCode } from "../domain/violation.js";
import { type CheckInput, collectInputs } from "./collect-inputs.js";
import { formatTable } from "./print-table.js";

export interface CheckOptions {
  platform?: string;
  artworkType?: string;
  title?: string;
  format: "table" | "json";
}

interface CheckOutcome {
  file: string;
  posterHash?: string;
  /** The poster's PDQ perceptual hash (64 hex digits) and its quality 0…100, when pdq is enabled. */
  pdq?: string;
  pdqQuality?: number;
  isCompliant?: boolean;
  violations: Violation[];
  /** Codes the policy enables that no enabled detector can raise: `isCompliant` does not cover them. */
  notChecked?: ViolationCode[];
  policy?: { id: string; version: string; preset: string; artworkType: string };
  error?: { code: string; message: string };
}

/** `posterguard check`: the worker's engine on files, folders and URLs. Exit 0 all comply, 1 any violates, 2 error. */
export async function checkCommand(config: Config, args: string[], options: CheckOptions): Promise<number> {
  const inputs = await collectInputs(args);
  if (inputs.length === 0) {
    process.stderr.write("posterguard check: no images found in the given paths\n");
    return 2;
  }
  const checker = composeChecker(config);
  const progress = process.stderr.isTTY && options.format === "table";
  const outcomes: CheckOutcome[] = [];
  try {
    const policy = checker.policies.forPoster(options.platform, options.artworkType);
    for (const [index, input] of inputs.entries()) {
      const name = input.kind === "url" ? input.url : input.path;
      if (progress) process.stderr.write(`\r\x1b[2K[${index + 1}/${inputs.length}] ${name}`);
      outcomes.push(await checkOne(checker, input, name, policy, options.title));
    }
  } finally {
    if (progress) process.stderr.write("\r\x1b[2K");
    await checker.close();
  }
  if (options.format === "json") process.stdout.write(`${JSON.stringify(outcomes, null, 2)}\n`);
  else process.stdout.write(renderTable(outcomes));
  if (outcomes.some((o) => o.error)) return 2;
  return outcomes.some((o) => o.isCompliant === false) ? 1 : 0;
}

async function checkOne(
  checker: ReturnType<typeof composeChecker>,
  input: CheckInput,
  name: string,
  policy: ReturnType<ReturnType<typeof composeChecker>["policies"]["forPoster"]>,
  title: string | undefined,
): Promise<CheckOutcome> {
  try {
    const bytes = input.kind === "url" ? await download(checker, input.url) : await readFile(input.path);
    const image = await checker.inspectImage(bytes);
    const posterHash = createHash("sha256").update(bytes).digest("hex");
    const result = await checker.engine.check(
      { bytes, format: image.format, posterHash },
      policy,
      title ? { title } : {},
    );
    return {
      file: name,
      posterHash,
      ...(await pdqFields(checker, posterHash)),
      isCompliant: result.isCompliant,
      violations: result.violations,
      notChecked: result.notChecked,
      policy: { ...result.policy, preset: result.preset, artworkType: result.artworkType },
    };
  } catch (error) {
    const code =
      error instanceof PosterRejectedError ? error.code : ((error as { code?: string }).code ?? "ERROR");
    return { file: name, violations: [], error: { code, message: (error as Error).message } };
  }
}

/** The pdq observation the check just made (kept in the checker's memory), as two fields. */
async function pdqFields(
  checker: ReturnType<typeof composeChecker>,
  posterHash: string,
): Promise<{ pdq?: string; pdqQuality?: number }> {
  const entry = checker.engine.entries.find((e) => e.detector.id === PDQ_DETECTOR_ID);
  if (!entry) return {};
  const stored = await checker.observations.getObservation(
    posterHash,
    PDQ_DETECTOR_ID,
    entry.detector.version,
  );
  if (!stored) return {};
  const { hash, quality } = stored.data as PdqObservation;
  return { pdq: hash, pdqQuality: quality };
}

async function download(checker: ReturnType<typeof composeChecker>, url: string): Promise<Buffer> {
  const fetched = await checker.fetcher.fetch(url);
  if (fetched.notModified) throw new Error(`${url} answered 304 to an unconditional request`);
  return fetched.body;
}

function renderTable(outcomes: CheckOutcome[]): string {
  const rows: string[][] = [];
  for (const outcome of outcomes) {
    if (outcome.error) {
      rows.push([outcome.file, "ERROR", outcome.error.code, outcome.error.message]);
      continue;
    }
    if (outcome.violations.length === 0) {
      rows.push([outcome.file, "ok", "", ""]);
      continue;
    }
    outcome.violations.forEach((v, i) => {
      rows.push([
        i === 0 ? outcome.file : "",
        i === 0 ? "VIOLATES" : "",
        `${v.code} (${v.severity})`,
        v.message,
      ]);
    });
  }
  const violating = outcomes.filter((o) => o.isCompliant === false).length;
  const errors = outcomes.filter((o) => o.error).length;
  const first = outcomes.find((o) => o.policy)?.policy;
  const summary =
    `\n${outcomes.length} checked: ${outcomes.length - violating - errors} comply, ${violating} violate, ${errors} errors` +
    (first
      ? ` (policy ${first.id} ${first.version}, preset ${first.preset}, artwork type ${first.artworkType})`
      : "");
  return `${formatTable(["POSTER", "VERDICT", "CODE", "WHY"], rows)}${summary}\n${notCheckedLine(outcomes)}`;
}

/**
 * One line naming the enabled codes no detector raises, so that "comply" is not read as "checked
 * for everything". Every poster is judged by the same detectors and policy, so one line serves all.
 */
function notCheckedLine(outcomes: CheckOutcome[]): string {
  const codes = [...new Set(outcomes.flatMap((o) => o.notChecked ?? []))];
  if (codes.length === 0) return "";
  return `not checked: ${codes.join(", ")} (no enabled detector raises them; "comply" covers the other codes)\n`;
}
