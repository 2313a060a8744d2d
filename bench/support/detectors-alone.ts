import type { JudgedDetector } from "../../src/compliance/compliance-engine.js";
import { createDetectors } from "../../src/compliance/detector-registry.js";
import type { Config } from "../../src/config.js";
import type { PosterImage } from "../../src/ports/detector.js";
import type { BenchPoster } from "./bench-posters.js";
import { cpuSecondsSince, record } from "./latency.js";

export interface LoopRun {
  seconds: number;
  /** CPU time of the whole process (every thread) over the run. */
  cpuSeconds: number;
  /** Each detector's duration on each poster, as the engine times it. */
  durations: Map<string, number[]>;
}

/** Starts the detectors' worker threads and loads their models, as a warm worker has them. */
export async function warmUpDetectors(detectors: readonly JudgedDetector[], poster: BenchPoster) {
  for (const { detector } of detectors) {
    const warm = (detector as { warmUp?: () => Promise<void> }).warmUp;
    if (warm) await warm.call(detector);
  }
  await runAll(detectors, imageOf(poster), new Map());
}

/** Builds the named detectors as compose does, warms them, runs them alone, and closes them. */
export async function measureDetectorsAlone(
  names: string[],
  settings: Partial<Config>,
  posters: readonly BenchPoster[],
  warmUp: BenchPoster,
  concurrency: number,
): Promise<LoopRun> {
  const detectors = createDetectors(names, settings);
  try {
    await warmUpDetectors(detectors, warmUp);
    return await runDetectorsAlone(detectors, posters, concurrency);
  } finally {
    await Promise.all(detectors.map((d) => d.close?.()));
  }
}

/**
 * The detectors with nothing around them: `concurrency` loops that each take the next poster and
 * run every detector on it at once, as the engine does, until no poster is left.
 */
export async function runDetectorsAlone(
  detectors: readonly JudgedDetector[],
  posters: readonly BenchPoster[],
  concurrency: number,
): Promise<LoopRun> {
  const durations = new Map<string, number[]>();
  let next = 0;
  const loop = async () => {
    for (let index = next++; index < posters.length; index = next++) {
      await runAll(detectors, imageOf(posters[index] as BenchPoster), durations);
    }
  };
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, loop));
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSecondsSince(cpu), durations };
}

async function runAll(
  detectors: readonly JudgedDetector[],
  image: PosterImage,
  durations: Map<string, number[]>,
) {
  await Promise.all(
    detectors.map(async ({ detector }) => {
      const started = performance.now();
      await detector.detect(image);
      record(durations, detector.id, performance.now() - started);
    }),
  );
}

function imageOf(poster: BenchPoster): PosterImage {
  return { bytes: poster.bytes, format: "jpeg", posterHash: poster.posterHash };
}
