import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compose, type Services } from "../../src/compose.js";
import { loadConfig } from "../../src/config.js";
import type { Job } from "../../src/domain/job.js";
import { createLogger } from "../../src/observability/logger.js";
import { ImageServer } from "../../test/support/image-server.js";
import { testEnv } from "../../test/support/start-app.js";
import type { BenchPoster } from "./bench-posters.js";
import { warmUpDetectors } from "./detectors-alone.js";
import { cpuSecondsSince, record } from "./latency.js";

export interface PipelineRun {
  /** From the first submission until the last job's completedAt. */
  seconds: number;
  /** CPU time of the whole process (every thread, the image server's included) over the run. */
  cpuSeconds: number;
  /** Each detector's duration on each poster, as kept in the job results. */
  durations: Map<string, number[]>;
  /** Where a job's time went, per job, in ms. */
  stages: Map<string, number[]>;
  /** Share of the workers' time (concurrency × wall time) spent inside processMessage's timed part. */
  workerBusyShare: number;
}

export interface PipelineOptions {
  detectors: string[];
  concurrency: number;
  /** How long the posters may take in all; by default a minute plus 30 s a poster. */
  timeoutMs?: number;
}

/**
 * The embedded system as `serve` runs it: posters fetched from a loopback image server through
 * createJob, stored, queued in SQLite and checked by a worker pool of `concurrency` loops.
 */
export async function runPipeline(
  posters: readonly BenchPoster[],
  warmUp: BenchPoster,
  options: PipelineOptions,
): Promise<PipelineRun> {
  const dataDir = mkdtempSync(join(tmpdir(), "posterguard-bench-pipeline-"));
  const images = await new ImageServer().start();
  let services: Services | undefined;
  let pool: ReturnType<Services["createWorkerPool"]> | undefined;
  try {
    const env = testEnv(dataDir, {
      DETECTORS: options.detectors.join(","),
      WORKER_CONCURRENCY: String(options.concurrency),
      VISIBILITY_TIMEOUT_SECONDS: "120",
      FETCH_TIMEOUT_MS: "10000",
      FETCH_CONNECT_TIMEOUT_MS: "5000",
    });
    const config = loadConfig({ ...env, POSTERGUARD_CONFIG: "/nonexistent" });
    services = compose(config, createLogger("silent"));
    const urls = posters.map((poster) => images.set(`/posters/${poster.name}`, { body: poster.bytes }));
    const warmUrl = images.set(`/warm/${warmUp.name}`, { body: warmUp.bytes });

    // Warm: worker threads started, models loaded, and one poster through the whole pipeline.
    await warmUpDetectors(services.engine.entries, warmUp);
    pool = services.createWorkerPool(options.concurrency);
    pool.start();
    const warmJob = await submit(services, warmUrl);
    await waitForAll(services, [warmJob], 120_000);

    const submitMs: number[] = [];
    const cpu = process.cpuUsage();
    const startedAt = Date.now();
    const jobIds: string[] = [];
    for (const url of urls) {
      const started = performance.now();
      jobIds.push(await submit(services, url));
      submitMs.push(performance.now() - started);
    }
    const jobs = await waitForAll(services, jobIds, options.timeoutMs ?? 60_000 + posters.length * 30_000);
    const cpuSeconds = cpuSecondsSince(cpu);
    const failed = jobs.filter((job) => job.status !== "COMPLETED");
    if (failed.length > 0) {
      throw new Error(`${failed.length} jobs did not complete: ${JSON.stringify(failed[0]?.error)}`);
    }
    const finishedAt = Math.max(...jobs.map((job) => Date.parse(job.completedAt as string)));
    const seconds = (finishedAt - startedAt) / 1000;
    const { durations, stages } = breakDown(jobs);
    for (const ms of submitMs) record(stages, "submit (fetch, inspect, store, enqueue)", ms);
    const busyMs = jobs.reduce((sum, job) => sum + (job.processingDurationMs ?? 0), 0);
    return {
      seconds,
      cpuSeconds,
      durations,
      stages,
      workerBusyShare: busyMs / (options.concurrency * seconds * 1000),
    };
  } finally {
    await pool?.stop(10_000);
    await services?.close();
    await images.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function submit(services: Services, posterUrl: string): Promise<string> {
  const response = await services.createJob.createJob({ platform: "bench", posterUrl });
  if (response.statusCode !== 202) throw new Error(`a new poster answered ${response.statusCode}`);
  return response.body.jobId;
}

async function waitForAll(services: Services, jobIds: readonly string[], timeoutMs: number): Promise<Job[]> {
  const deadline = Date.now() + timeoutMs;
  const settled = new Map<string, Job>();
  while (settled.size < jobIds.length) {
    for (const jobId of jobIds) {
      if (settled.has(jobId)) continue;
      const job = await services.jobs.getJob(jobId);
      if (job?.status === "COMPLETED" || job?.status === "FAILED") settled.set(jobId, job);
    }
    if (settled.size === jobIds.length) break;
    if (Date.now() > deadline)
      throw new Error(`${jobIds.length - settled.size} jobs unsettled after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return jobIds.map((jobId) => settled.get(jobId) as Job);
}

/** Detector durations, and a job's life from its record: queued, processed, detectors, the rest. */
function breakDown(jobs: readonly Job[]) {
  const durations = new Map<string, number[]>();
  const stages = new Map<string, number[]>();
  for (const job of jobs) {
    const runs = job.result?.detectors ?? [];
    for (const run of runs) record(durations, run.id, run.durationMs);
    const slowest = Math.max(0, ...runs.map((run) => run.durationMs));
    const processing = job.processingDurationMs ?? 0;
    record(
      stages,
      "queued (createdAt → startedAt)",
      Date.parse(job.startedAt ?? job.createdAt) - Date.parse(job.createdAt),
    );
    record(stages, "processing (startedAt → completedAt)", processing);
    record(stages, "slowest detector", slowest);
    record(stages, "processing outside the slowest detector", processing - slowest);
  }
  return { durations, stages };
}
