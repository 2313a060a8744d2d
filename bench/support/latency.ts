export interface Latency {
  samples: number;
  p50Ms: number;
  p95Ms: number;
  meanMs: number;
}

/** Nearest-rank percentiles of durations, by detector id or stage. */
export function latencyByKey(durations: Map<string, number[]>): Record<string, Latency> {
  return Object.fromEntries([...durations].map(([id, values]) => [id, latencyOf(values)]));
}

export function latencyOf(values: number[]): Latency {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length);
  return {
    samples: sorted.length,
    p50Ms: round(percentile(sorted, 0.5)),
    p95Ms: round(percentile(sorted, 0.95)),
    meanMs: round(mean),
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number;
}

export function record(durations: Map<string, number[]>, id: string, ms: number): void {
  const list = durations.get(id) ?? [];
  list.push(ms);
  durations.set(id, list);
}

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** User + system CPU time of the process, all threads, since `from`. */
export function cpuSecondsSince(from: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(from);
  return (user + system) / 1e6;
}

/** All samples of several runs, by key. */
export function mergeSamples(runs: readonly Map<string, number[]>[]): Map<string, number[]> {
  const merged = new Map<string, number[]>();
  for (const run of runs)
    for (const [key, values] of run) for (const value of values) record(merged, key, value);
  return merged;
}
