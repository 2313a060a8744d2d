/**
 * Judges the real-poster development set (posters from public repositories, labelled by
 * looking at them; see eval/real/README.md) and prints per-code precision and recall on the
 * tune part and on the held-out part, and the posters per second.
 *
 *   npm run eval:real -- [--root DIR] [--detectors metrics,ocr,nsfw] [--part tune|heldout|all]
 *                        [--only id-prefix,…] [--details] [--no-cache] [--json FILE]
 *
 * DIR (default $REAL_POSTERS_DIR, else eval/real/images) holds each source extracted at its
 * commit under its id: DIR/mcu/images/001.webp, DIR/tahtisade/src/posters/…
 * `--details` lists every miss and false alarm of the tune part with what OCR read; the
 * held-out part is only ever counted. Exit 0, or 2 on an error.
 */
import { createHash } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ComplianceEngine, type ObservationRepository } from "../../src/compliance/compliance-engine.js";
import type { ViolationCode } from "../../src/domain/violation.js";
import { inspectImage } from "../../src/imaging/inspect-image.js";
import { systemClock } from "../../src/ports/clock.js";
import { DEFAULT_DETECTORS, evalDetectors, MemoryObservations } from "../eval-detectors.js";
import { type CodeMetrics, type Counts, perCodeMetrics, pooledMetrics } from "../metrics.js";
import { EvalPolicies } from "../policy-refs.js";
import { CONTENT_CODES, expectationFor, LABELLED_CODES, TEXT_AND_SPEC_CODES } from "./expected-codes.js";
import { DiskObservations } from "./observation-cache.js";
import { type LabelledPoster, loadLabels } from "./real-labels.js";
import { judgedAs } from "./real-sources.js";
import { partOf, type RealPart } from "./real-split.js";

const CONCURRENCY = 2;
const MAX_PIXELS = 100_000_000;

interface PosterOutcome {
  id: string;
  part: RealPart;
  judgedAs: string;
  expected: ViolationCode[];
  raised: ViolationCode[];
  ignored: ViolationCode[];
  /** Raised codes the labels do not speak for (technical, safe zones). */
  unlabelled: ViolationCode[];
  /** COMPETITOR_BRAND raised when judged on the platform whose badge is on the art. */
  ownBrandRaised?: boolean;
  evidence: Record<string, string>;
  violations: { code: ViolationCode; confidence: number; message: string }[];
  ocrLines: string[];
  durationMs: number;
}

interface PartReport {
  part: RealPart | "all";
  posters: number;
  perCode: CodeMetrics[];
  textAndSpec: Counts;
  content: Counts;
  ownBrand: { posters: number; falseAlarms: number };
  unlabelledRaised: Record<string, number>;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      root: {
        type: "string",
        default: process.env.REAL_POSTERS_DIR ?? fileURLToPath(new URL("./images/", import.meta.url)),
      },
      detectors: { type: "string", default: DEFAULT_DETECTORS.join(",") },
      part: { type: "string", default: "all" },
      only: { type: "string" },
      details: { type: "boolean", default: false },
      "no-cache": { type: "boolean", default: false },
      json: { type: "string" },
    },
  });
  if (!["tune", "heldout", "all"].includes(values.part))
    throw new Error("--part must be tune, heldout or all");
  const root = path.resolve(values.root);
  if (!existsSync(root)) {
    throw new Error(`${root} does not exist: extract the sources there first (eval/real/README.md)`);
  }
  const only = values.only?.split(",").filter(Boolean);
  const posters = loadLabels().filter(
    (poster) =>
      (values.part === "all" || partOf(poster.source.repo, poster.path) === values.part) &&
      (!only || only.some((prefix) => poster.id.startsWith(prefix))),
  );
  const names = values.detectors
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  const detectors = evalDetectors(names);
  const observations: ObservationRepository = values["no-cache"]
    ? new MemoryObservations()
    : new DiskObservations();
  const detectorMs: Record<string, number> = {};
  const detectorRuns: Record<string, number> = {};
  const engine = new ComplianceEngine(
    detectors.map((d) => d.entry),
    observations,
    systemClock,
    (id, ms) => {
      detectorMs[id] = (detectorMs[id] ?? 0) + ms;
      detectorRuns[id] = (detectorRuns[id] ?? 0) + 1;
    },
  );
  const supported = new Set(detectors.flatMap((d) => d.entry.codes));
  const ocr = detectors.find((d) => d.entry.detector.id === "ocr")?.entry.detector;
  const policies = new EvalPolicies();
  const outcomes: PosterOutcome[] = new Array(posters.length);
  let next = 0;
  let done = 0;
  const started = performance.now();
  const progress = process.stderr.isTTY;
  const work = async () => {
    while (next < posters.length) {
      const index = next++;
      const poster = posters[index] as LabelledPoster;
      const file = path.join(root, poster.source.id, poster.path);
      const begun = performance.now();
      const bytes = await readFile(file);
      const { format } = await inspectImage(bytes, { maxPixels: MAX_PIXELS });
      const posterHash = createHash("sha256").update(bytes).digest("hex");
      const judged = judgedAs(poster.source.id);
      const policy = policies.forImage(judged);
      const context = { title: poster.title };
      const result = await engine.check({ bytes, format, posterHash }, policy, context);
      const raised = [...new Set(result.violations.map((v) => v.code))];
      const { expected, ignored } = expectationFor(poster, policy);
      const ownBrand = poster.brands.length === 1 ? poster.brands[0] : undefined;
      let ownBrandRaised: boolean | undefined;
      if (ownBrand && ownBrand !== judged.platform) {
        const own = policies.forImage({ ...judged, platform: ownBrand });
        const verdict = await engine.judge(await storedObservations(), own, context);
        ownBrandRaised = verdict.violations.some((v) => v.code === "COMPETITOR_BRAND");
      }
      async function storedObservations() {
        const stored = [];
        for (const { entry } of detectors) {
          const found = await observations.getObservation(
            posterHash,
            entry.detector.id,
            entry.detector.version,
          );
          if (found) stored.push(found);
        }
        return stored;
      }
      const read = ocr ? await observations.getObservation(posterHash, ocr.id, ocr.version) : undefined;
      outcomes[index] = {
        id: poster.id,
        part: partOf(poster.source.repo, poster.path),
        judgedAs: `${judged.policy}/${judged.platform}/${judged.artworkType}`,
        expected: expected.filter((code) => supported.has(code)),
        raised: raised.filter((code) => LABELLED_CODES.includes(code)),
        ignored,
        unlabelled: raised.filter((code) => !LABELLED_CODES.includes(code)),
        ...(ownBrandRaised === undefined ? {} : { ownBrandRaised }),
        evidence: poster.evidence,
        violations: result.violations.map(({ code, confidence, message }) => ({ code, confidence, message })),
        ocrLines: ((read?.data as { lines?: { text: string }[] } | undefined)?.lines ?? []).map(
          (l) => l.text,
        ),
        durationMs: Math.round(performance.now() - begun),
      };
      done++;
      if (progress) process.stderr.write(`\r\x1b[2K[${done}/${posters.length}] ${poster.id}`);
    }
  };
  try {
    await Promise.all(Array.from({ length: CONCURRENCY }, work));
  } finally {
    await Promise.all(detectors.map((d) => d.entry.close?.()));
  }
  if (progress) process.stderr.write("\r\x1b[2K");
  const wallMs = performance.now() - started;
  const parts: PartReport[] = (["tune", "heldout", "all"] as const).map((part) =>
    partReport(
      part,
      outcomes.filter((o) => part === "all" || o.part === part),
      supported,
    ),
  );
  const ran = Object.values(detectorRuns).reduce((a, b) => Math.max(a, b), 0);
  const speed = {
    posters: outcomes.length,
    wallSeconds: Math.round(wallMs / 100) / 10,
    postersPerSecond: Math.round((outcomes.length / (wallMs / 1000)) * 100) / 100,
    detectorRuns,
    detectorMsPerPoster: Object.fromEntries(
      Object.entries(detectorMs).map(([id, ms]) => [id, Math.round(ms / Math.max(1, detectorRuns[id] ?? 1))]),
    ),
    note:
      ran < outcomes.length
        ? "observations were reused from eval/real/.cache: run with --no-cache to time the detectors"
        : "",
  };
  process.stdout.write(
    formatReport(
      parts,
      speed,
      detectors.map((d) => `${d.name} ${d.entry.detector.version}`),
    ),
  );
  if (values.details) process.stdout.write(formatDetails(outcomes.filter((o) => o.part === "tune")));
  if (values.json) writeFileSync(values.json, JSON.stringify({ parts, speed, outcomes }, null, 2));
  return 0;
}

function partReport(
  part: RealPart | "all",
  outcomes: PosterOutcome[],
  supported: ReadonlySet<ViolationCode>,
): PartReport {
  const images = outcomes.map((o) => ({
    expected: o.expected.filter((code) => !o.ignored.includes(code)),
    raised: o.raised.filter((code) => !o.ignored.includes(code)),
  }));
  const perCode = perCodeMetrics(
    images,
    LABELLED_CODES.filter((code) => supported.has(code)),
  );
  const pick = (codes: readonly ViolationCode[]) =>
    pooledMetrics(perCode.filter((m) => codes.includes(m.code)));
  const unlabelledRaised: Record<string, number> = {};
  for (const o of outcomes)
    for (const code of o.unlabelled) unlabelledRaised[code] = (unlabelledRaised[code] ?? 0) + 1;
  const own = outcomes.filter((o) => o.ownBrandRaised !== undefined);
  return {
    part,
    posters: outcomes.length,
    perCode,
    textAndSpec: pick(TEXT_AND_SPEC_CODES),
    content: pick(CONTENT_CODES),
    ownBrand: { posters: own.length, falseAlarms: own.filter((o) => o.ownBrandRaised).length },
    unlabelledRaised,
  };
}

const fixed = (value: number | null) => (value === null ? "   -  " : value.toFixed(3).padStart(6));

function formatReport(parts: PartReport[], speed: Record<string, unknown>, detectors: string[]): string {
  const out: string[] = [`detectors: ${detectors.join(", ")}`];
  for (const report of parts) {
    if (report.posters === 0) continue;
    out.push("", `== ${report.part}: ${report.posters} posters`);
    out.push("code                 support raised  tp  fp  fn  precision recall");
    for (const m of report.perCode) {
      if (m.support === 0 && m.raised === 0) continue;
      out.push(
        `${m.code.padEnd(20)} ${String(m.support).padStart(7)} ${String(m.raised).padStart(6)} ${String(m.truePositives).padStart(3)} ${String(m.falsePositives).padStart(3)} ${String(m.falseNegatives).padStart(3)}  ${fixed(m.precision)}  ${fixed(m.recall)}`,
      );
    }
    const line = (name: string, c: Counts) =>
      `${name.padEnd(20)} ${String(c.support).padStart(7)} ${String(c.raised).padStart(6)} ${String(c.truePositives).padStart(3)} ${String(c.falsePositives).padStart(3)} ${String(c.falseNegatives).padStart(3)}  ${fixed(c.precision)}  ${fixed(c.recall)}`;
    out.push(line("text + spec (pooled)", report.textAndSpec), line("content (pooled)", report.content));
    out.push(
      `own brand judged on its own platform: ${report.ownBrand.falseAlarms} of ${report.ownBrand.posters} raised COMPETITOR_BRAND`,
    );
    const unlabelled = Object.entries(report.unlabelledRaised).map(([code, n]) => `${code} ${n}`);
    if (unlabelled.length > 0) out.push(`raised, not labelled (not scored): ${unlabelled.join(", ")}`);
  }
  out.push("", `speed: ${JSON.stringify(speed)}`, "");
  return out.join("\n");
}

function formatDetails(outcomes: PosterOutcome[]): string {
  const out: string[] = ["== tune part: misses and false alarms"];
  for (const o of outcomes) {
    const missed = o.expected.filter((c) => !o.raised.includes(c) && !o.ignored.includes(c));
    const extra = o.raised.filter((c) => !o.expected.includes(c) && !o.ignored.includes(c));
    if (missed.length === 0 && extra.length === 0 && o.ownBrandRaised !== true) continue;
    out.push(`-- ${o.id} (${o.judgedAs})`);
    for (const code of missed)
      out.push(`   MISSED ${code}: ${o.evidence[code] ?? "(derived from brands/title)"}`);
    for (const code of extra) {
      const v = o.violations.find((x) => x.code === code);
      out.push(`   FALSE ${code} ${v?.confidence.toFixed(2)}: ${v?.message}`);
    }
    if (o.ownBrandRaised) out.push("   FALSE COMPETITOR_BRAND on its own platform");
    out.push(`   read: ${o.ocrLines.join(" / ")}`);
  }
  return `${out.join("\n")}\n`;
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
