import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { JobQueue } from "../ports/job-queue.js";

/** Prometheus metrics: jobs by outcome, processing durations, queue and DLQ depth. */
export function createMetrics(queue: JobQueue) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "posterguard_" });
  const jobRequests = new Counter({
    name: "posterguard_job_requests_total",
    help: "POST /jobs answers by outcome: created, cached, in_flight, rejected",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  const jobsProcessed = new Counter({
    name: "posterguard_jobs_processed_total",
    help: "Processing attempts by outcome: completed, retrying, failed, exhausted, skipped, busy",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  const processingDuration = new Histogram({
    name: "posterguard_processing_duration_seconds",
    help: "Time to process one job, detectors included",
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
    registers: [registry],
  });
  new Gauge({
    name: "posterguard_queue_depth",
    help: "Messages in the job queue by state",
    labelNames: ["state"] as const,
    registers: [registry],
    async collect() {
      const depth = await queue.depth();
      this.set({ state: "visible" }, depth.visible);
      this.set({ state: "in_flight" }, depth.inFlight);
      this.set({ state: "delayed" }, depth.delayed);
    },
  });
  new Gauge({
    name: "posterguard_dlq_depth",
    help: "Messages in the dead-letter queue",
    registers: [registry],
    async collect() {
      this.set(await queue.deadLetterDepth());
    },
  });
  const detectorDuration = new Histogram({
    name: "posterguard_detector_duration_seconds",
    help: "Time of one detector run (observations reused from storage are not runs)",
    labelNames: ["detector"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [registry],
  });
  return { registry, jobRequests, jobsProcessed, processingDuration, detectorDuration };
}

export type Metrics = ReturnType<typeof createMetrics>;
