import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import {
  ComplianceEngine,
  type JudgedDetector,
  judgeObservation,
} from "../src/compliance/compliance-engine.js";
import { SPEC_TEXT_CODES } from "../src/compliance/rules/spec/judge-spec-text.js";
import { TECHNICAL_CODES } from "../src/compliance/rules/technical-rules.js";
import { TEXT_RULE_CODES } from "../src/compliance/rules/text/judge-text.js";
import { VIOLATION_CODES, type Violation, type ViolationCode } from "../src/domain/violation.js";
import { inspectImage } from "../src/imaging/inspect-image.js";
import { systemClock } from "../src/ports/clock.js";
import type { CaseGroup, Manifest, ManifestEntry } from "./eval-cases/eval-case.js";
import { DEFAULT_DETECTORS, type EvalDetector, evalDetectors, MemoryObservations } from "./eval-detectors.js";
import {
  type Bar,
  barMiss,
  type CodeMetrics,
  type Counts,
  perCodeMetrics,
  pooledMetrics,
} from "./metrics.js";
import { perfectOcr } from "./perfect-ocr.js";
import { EvalPolicies } from "./policy-refs.js";

/** Text, technical and platform-spec text codes must each reach this. */
export const CODE_BAR: Bar = { minPrecision: 0.95, minRecall: 0.9 };
export const BARRED_CODES: readonly ViolationCode[] = [
  ...TEXT_RULE_CODES,
  ...TECHNICAL_CODES,
  ...SPEC_TEXT_CODES,
];
/** Raised on no image with a real photo in it. */
export const CONTENT_CODES_NEVER_ON_PHOTOS: readonly ViolationCode[] = ["NUDITY", "SUGGESTIVE"];

const MAX_PIXELS = 100_000_000;
const CONCURRENCY = 2;

export interface ImageResult {
  id: string;
  file: string;
  group: CaseGroup;
  judgedAs: string;
  description: string;
  /** Expected codes some configured detector can raise. */
  expected: ViolationCode[];
  /** Expected codes no configured detector can raise: left out of every count. */
  unsupported: ViolationCode[];
  raised: ViolationCode[];
  missed: ViolationCode[];
  unexpected: ViolationCode[];
  violations: Pick<Violation, "code" | "confidence" | "detector" | "message">[];
  /** What the detectors other than OCR observed (measured metrics, model scores), by detector id. */
  observed: Record<string, unknown>;
  /** The lines OCR read, when OCR ran. */
  ocrRead?: string[];
  /** The codes the OCR rules raise on the text as drawn (a perfect read). */
  drawnTextCodes?: ViolationCode[];
  realPhoto: boolean;
  durationMs: number;
}

export interface Disagreement {
  id: string;
  code: ViolationCode;
  kind: "missed" | "unexpected";
  diagnosis: string;
  detail: string;
}

export interface EvalReport {
  images: number;
  detectors: { name: string; id: string; version: string }[];
  /** Codes some image expects that no configured detector raises. */
  unsupportedCodes: ViolationCode[];
  perCode: CodeMetrics[];
  pooled: Counts;
  /** The same per-code numbers with OCR replaced by a perfect read of the drawn text. */
  drawnTextPerCode: CodeMetrics[];
  results: ImageResult[];
  disagreements: Disagreement[];
  bars: { passed: boolean; misses: string[]; notChecked: ViolationCode[] };
  timing: { totalMs: number; meanImageMs: number; detectorMs: Record<string, number> };
}

export interface EvaluateOptions {
  detectors?: readonly string[];
  /** Only the images whose id is one of these or starts with one (`spec-critic-quote`). */
  only?: readonly string[];
  onImage?: (result: ImageResult, index: number, total: number) => void;
}

export async function loadManifest(dir: string): Promise<Manifest> {
  return JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8")) as Manifest;
}

/** Runs the engine on every image of the set in `dir` and measures it against the manifest. */
export async function evaluate(dir: string, options: EvaluateOptions = {}): Promise<EvalReport> {
  const manifest = selectEntries(await loadManifest(dir), options.only);
  const detectors = evalDetectors(options.detectors ?? DEFAULT_DETECTORS);
  const observations = new MemoryObservations();
  const detectorMs: Record<string, number> = {};
  const engine = new ComplianceEngine(
    detectors.map((d) => d.entry),
    observations,
    systemClock,
    (id, ms) => {
      detectorMs[id] = (detectorMs[id] ?? 0) + ms;
    },
  );
  const ocr = detectors.find((d) => d.entry.detector.id === "ocr")?.entry;
  const supported = new Set(detectors.flatMap((d) => d.entry.codes));
  const policies = new EvalPolicies();
  const started = performance.now();
  const results: ImageResult[] = new Array(manifest.entries.length);
  let next = 0;
  let done = 0;
  const work = async () => {
    while (next < manifest.entries.length) {
      const index = next++;
      const entry = manifest.entries[index] as ManifestEntry;
      const result = await evaluateImage(dir, entry, { engine, observations, policies, supported, ocr });
      results[index] = result;
      options.onImage?.(result, done++, manifest.entries.length);
    }
  };
  try {
    await Promise.all(Array.from({ length: CONCURRENCY }, work));
  } finally {
    await Promise.all(detectors.map((d) => d.entry.close?.()));
  }
  const totalMs = performance.now() - started;
  return buildReport(results, detectors, supported, {
    totalMs: Math.round(totalMs),
    meanImageMs: Math.round(results.reduce((sum, r) => sum + r.durationMs, 0) / Math.max(1, results.length)),
    detectorMs: Object.fromEntries(Object.entries(detectorMs).map(([id, ms]) => [id, Math.round(ms)])),
  });
}

function selectEntries(manifest: Manifest, only: readonly string[] | undefined): Manifest {
  if (!only || only.length === 0) return manifest;
  const entries = manifest.entries.filter((entry) => only.some((id) => entry.id.startsWith(id)));
  if (entries.length === 0)
    throw new Error(`no image of the set has an id starting with ${only.join(" or ")}`);
  return { ...manifest, entries };
}

interface Judging {
  engine: ComplianceEngine;
  observations: MemoryObservations;
  policies: EvalPolicies;
  supported: ReadonlySet<ViolationCode>;
  ocr?: JudgedDetector;
}

async function evaluateImage(dir: string, entry: ManifestEntry, judging: Judging): Promise<ImageResult> {
  const started = performance.now();
  const bytes = await readFile(path.join(dir, entry.file));
  const { format } = await inspectImage(bytes, { maxPixels: MAX_PIXELS });
  const posterHash = createHash("sha256").update(bytes).digest("hex");
  const policy = judging.policies.forImage(entry);
  const context = entry.title ? { title: entry.title } : {};
  const result = await judging.engine.check({ bytes, format, posterHash }, policy, context);
  const raised = unique(result.violations.map((v) => v.code));
  const expected = entry.expected.filter((code) => judging.supported.has(code));
  const observed: Record<string, unknown> = {};
  for (const { detector } of judging.engine.entries) {
    if (detector.id === judging.ocr?.detector.id) continue;
    observed[detector.id] = (
      await judging.observations.getObservation(posterHash, detector.id, detector.version)
    )?.data;
  }
  const ocrResult: Pick<ImageResult, "ocrRead" | "drawnTextCodes"> = {};
  if (judging.ocr) {
    const { id, version } = judging.ocr.detector;
    const read = await judging.observations.getObservation(posterHash, id, version);
    const lines = (read?.data as { lines?: { text: string }[] } | undefined)?.lines ?? [];
    ocrResult.ocrRead = lines.map((line) => line.text);
    const drawn = perfectOcr(entry.lines, entry.width, entry.height);
    ocrResult.drawnTextCodes = unique(
      judgeObservation(judging.ocr, drawn, policy, id, context).map((v) => v.code),
    );
  }
  return {
    id: entry.id,
    file: entry.file,
    group: entry.group,
    judgedAs: describeJudging(entry),
    description: entry.description,
    expected,
    unsupported: entry.expected.filter((code) => !judging.supported.has(code)),
    raised,
    missed: expected.filter((code) => !raised.includes(code)),
    unexpected: raised.filter((code) => !expected.includes(code)),
    violations: result.violations.map(({ code, confidence, detector, message }) => ({
      code,
      confidence,
      detector,
      message,
    })),
    observed,
    ...ocrResult,
    realPhoto: entry.realPhoto,
    durationMs: Math.round(performance.now() - started),
  };
}

function describeJudging(entry: ManifestEntry): string {
  const parts = [entry.policy, entry.platform && `platform ${entry.platform}`, entry.artworkType ?? "poster"];
  return parts.filter(Boolean).join(", ") + (entry.title ? `, title "${entry.title}"` : "");
}

function buildReport(
  results: ImageResult[],
  detectors: EvalDetector[],
  supported: ReadonlySet<ViolationCode>,
  timing: EvalReport["timing"],
): EvalReport {
  const unsupportedCodes = unique(results.flatMap((r) => r.unsupported));
  const reported = VIOLATION_CODES.filter((code) =>
    results.some((r) => r.expected.includes(code) || r.raised.includes(code)),
  );
  const perCode = perCodeMetrics(results, reported);
  const ocrCodes = detectors.find((d) => d.entry.detector.id === "ocr")?.entry.codes ?? [];
  const drawnTextPerCode = perCodeMetrics(
    results.map((r) => ({
      expected: r.expected.filter((code) => ocrCodes.includes(code)),
      raised: r.drawnTextCodes ?? [],
    })),
    reported.filter((code) => ocrCodes.includes(code)),
  );
  return {
    images: results.length,
    detectors: detectors.map((d) => ({
      name: d.name,
      id: d.entry.detector.id,
      version: d.entry.detector.version,
    })),
    unsupportedCodes,
    perCode,
    pooled: pooledMetrics(perCode),
    drawnTextPerCode,
    results,
    disagreements: results.flatMap((r) => disagreementsOf(r, ocrCodes)),
    bars: checkBars(results, perCode, supported),
    timing,
  };
}

function checkBars(
  results: readonly ImageResult[],
  perCode: readonly CodeMetrics[],
  supported: ReadonlySet<ViolationCode>,
): EvalReport["bars"] {
  const misses: string[] = [];
  for (const metrics of perCode) {
    if (!BARRED_CODES.includes(metrics.code)) continue;
    const miss = barMiss(metrics, CODE_BAR);
    if (miss) misses.push(miss);
  }
  for (const result of results) {
    if (!result.realPhoto) continue;
    const content = result.raised.filter((code) => CONTENT_CODES_NEVER_ON_PHOTOS.includes(code));
    if (content.length > 0) misses.push(`${result.id}: ${content.join(", ")} raised on a real photo`);
  }
  const notChecked = BARRED_CODES.filter((code) => !supported.has(code));
  return { passed: misses.length === 0, misses, notChecked };
}

function disagreementsOf(result: ImageResult, ocrCodes: readonly ViolationCode[]): Disagreement[] {
  const disagreements: Disagreement[] = [];
  const violation = (code: ViolationCode) => result.violations.find((v) => v.code === code);
  const read = result.ocrRead?.length
    ? `OCR read: ${result.ocrRead.map((l) => `"${l}"`).join(" / ")}`
    : "OCR read nothing";
  for (const code of result.missed) {
    const drawn = result.drawnTextCodes?.includes(code);
    const diagnosis = !ocrCodes.includes(code)
      ? "not raised by its detector"
      : drawn
        ? "OCR misread: the rules raise it on the drawn text, not on what OCR read"
        : "rule gap (or expectation wrong): the rules do not raise it even on the drawn text";
    const detail = ocrCodes.includes(code) ? read : `observed: ${JSON.stringify(result.observed)}`;
    disagreements.push({ id: result.id, code, kind: "missed", diagnosis, detail });
  }
  for (const code of result.unexpected) {
    const found = violation(code);
    const drawn = result.drawnTextCodes?.includes(code);
    const diagnosis = !ocrCodes.includes(code)
      ? `raised by ${found?.detector ?? "a detector"}`
      : drawn
        ? "rule false positive (or expectation wrong): the rules raise it on the drawn text itself"
        : "OCR misread: raised on text OCR read differently from what was drawn";
    disagreements.push({
      id: result.id,
      code,
      kind: "unexpected",
      diagnosis,
      detail: `${found?.message ?? ""}${ocrCodes.includes(code) ? ` — ${read}` : ""}`,
    });
  }
  return disagreements;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
