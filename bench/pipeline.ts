/**
 * Pipeline throughput with the default detectors (metrics, ocr, nsfw), against the same detectors
 * run alone in a loop with the same concurrency, in the same run. Prints JSON.
 *
 *   node --import tsx bench/pipeline.ts [--posters 40] [--concurrency 2] [--rounds 2]
 *                                       [--dir FOLDER] [--baseline metrics,tesseract,nsfw]
 *
 * `--dir` takes real posters from a folder (e.g. the extracted real-poster set) instead of
 * generated ones. `--baseline` also runs other detectors alone on the same posters in the same
 * rounds (the earlier default, tesseract OCR, by default with --dir) and reports
 * `speedupVsBaseline` = baseline seconds ÷ default detectors' seconds, both alone.
 * Both sides run warm (worker threads started, models loaded, one poster done untimed) on the
 * same distinct 1000×1500 posters. `ratio` = pipeline posters/s ÷ detectors-alone posters/s over
 * all rounds; rounds alternate which side goes first (the default two run alone, pipeline,
 * pipeline, alone), so that load from other work on the machine falls on both sides alike.
 * `cpuRatio` compares the process's CPU time per poster, which other load disturbs less.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.js";
import { makeBenchPosters } from "./support/bench-posters.js";
import { type LoopRun, measureDetectorsAlone } from "./support/detectors-alone.js";
import { folderPosters } from "./support/folder-posters.js";
import { latencyByKey, mergeSamples, round } from "./support/latency.js";
import { type PipelineRun, runPipeline } from "./support/pipeline-run.js";

const AIM = 0.8;
const DETECTORS = ["metrics", "ocr", "nsfw"];

async function main(): Promise<void> {
  const defaults = loadConfig({ POSTERGUARD_CONFIG: "/nonexistent" });
  const { values } = parseArgs({
    options: {
      posters: { type: "string", default: "40" },
      concurrency: { type: "string", default: String(defaults.WORKER_CONCURRENCY) },
      rounds: { type: "string", default: "2" },
      dir: { type: "string" },
      baseline: { type: "string" },
    },
  });
  const baselineNames = (values.baseline ?? (values.dir ? "metrics,tesseract,nsfw" : ""))
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  const count = positiveInteger("--posters", values.posters);
  const concurrency = positiveInteger("--concurrency", values.concurrency);
  const roundCount = positiveInteger("--rounds", values.rounds);
  const loadAtStart = loadavg();

  const dir = mkdtempSync(join(tmpdir(), "posterguard-bench-posters-"));
  try {
    const made = values.dir ? folderPosters(values.dir, count + 1) : await makeBenchPosters(count + 1, dir);
    const warmUp = made[count];
    const posters = made.slice(0, count);
    if (!warmUp) throw new Error("no warm-up poster");

    const alone: LoopRun[] = [];
    const baseline: LoopRun[] = [];
    const pipeline: PipelineRun[] = [];
    const rounds = [];
    for (let index = 0; index < roundCount; index++) {
      const pipelineFirst = index % 2 === 1;
      const load = loadavg()[0] ?? 0;
      const measureAlone = () => measureDetectorsAlone(DETECTORS, defaults, posters, warmUp, concurrency);
      const measurePipeline = () => runPipeline(posters, warmUp, { detectors: DETECTORS, concurrency });
      let a: LoopRun;
      let p: PipelineRun;
      if (pipelineFirst) {
        p = await measurePipeline();
        a = await measureAlone();
      } else {
        a = await measureAlone();
        p = await measurePipeline();
      }
      alone.push(a);
      pipeline.push(p);
      if (baselineNames.length > 0) {
        baseline.push(await measureDetectorsAlone(baselineNames, defaults, posters, warmUp, concurrency));
      }
      rounds.push({
        order: pipelineFirst ? "pipeline, then detectors alone" : "detectors alone, then pipeline",
        detectorsAloneSeconds: round(a.seconds),
        pipelineSeconds: round(p.seconds),
        ratio: round(a.seconds / p.seconds, 3),
        cpuRatio: round(a.cpuSeconds / p.cpuSeconds, 3),
        loadavg1: { start: round(load), end: round(loadavg()[0] ?? 0) },
      });
    }

    const postersDone = count * roundCount;
    const aloneSeconds = sum(alone.map((run) => run.seconds));
    const pipelineSeconds = sum(pipeline.map((run) => run.seconds));
    const aloneCpu = sum(alone.map((run) => run.cpuSeconds));
    const pipelineCpu = sum(pipeline.map((run) => run.cpuSeconds));
    const busySeconds = sum(pipeline.map((run) => run.workerBusyShare * run.seconds));
    const report = {
      benchmark: "pipeline",
      posters: count,
      concurrency,
      rounds: roundCount,
      detectors: DETECTORS,
      posterSet: {
        source: values.dir ?? "generated",
        size: values.dir ? "as found" : "1000×1500 JPEG",
        withText: posters.filter((p) => p.lines > 0).length,
        onRealPhotos: posters.filter((p) => p.realPhoto).length,
        meanBytes: Math.round(sum(posters.map((p) => p.bytes.length)) / count),
      },
      detectorsAlone: {
        seconds: round(aloneSeconds),
        postersPerSecond: round(postersDone / aloneSeconds, 3),
        cpuSecondsPerPoster: round(aloneCpu / postersDone, 3),
        perDetector: latencyByKey(mergeSamples(alone.map((run) => run.durations))),
      },
      pipeline: {
        seconds: round(pipelineSeconds),
        postersPerSecond: round(postersDone / pipelineSeconds, 3),
        cpuSecondsPerPoster: round(pipelineCpu / postersDone, 3),
        perDetector: latencyByKey(mergeSamples(pipeline.map((run) => run.durations))),
        stages: latencyByKey(mergeSamples(pipeline.map((run) => run.stages))),
        workerBusyShare: round(busySeconds / pipelineSeconds),
      },
      ...(baseline.length > 0
        ? baselineReport(baselineNames, baseline, aloneSeconds, aloneCpu, postersDone)
        : {}),
      ratio: round(aloneSeconds / pipelineSeconds, 3),
      aim: AIM,
      cpuRatio: round(aloneCpu / pipelineCpu, 3),
      byRound: rounds,
      machine: {
        cpus: cpus().length,
        loadavg: { start: loadAtStart.map((l) => round(l)), end: loadavg().map((l) => round(l)) },
      },
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The baseline detectors alone, and how much faster the default detectors alone are. */
function baselineReport(
  names: string[],
  runs: LoopRun[],
  aloneSeconds: number,
  aloneCpu: number,
  posters: number,
) {
  const seconds = sum(runs.map((run) => run.seconds));
  const cpu = sum(runs.map((run) => run.cpuSeconds));
  return {
    baseline: {
      detectors: names,
      seconds: round(seconds),
      postersPerSecond: round(posters / seconds, 3),
      cpuSecondsPerPoster: round(cpu / posters, 3),
      perDetector: latencyByKey(mergeSamples(runs.map((run) => run.durations))),
    },
    speedupVsBaseline: round(seconds / aloneSeconds, 3),
    cpuSpeedupVsBaseline: round(cpu / aloneCpu, 3),
  };
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function positiveInteger(flag: string, value: string | undefined): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    throw new Error(`${flag} must be a positive integer, got ${value}`);
  }
  return number;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
