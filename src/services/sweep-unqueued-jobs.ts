import type { Logger } from "pino";
import type { Clock } from "../ports/clock.js";
import { messageOf } from "../ports/job-intake.js";
import type { JobQueue } from "../ports/job-queue.js";
import type { JobStore } from "../ports/job-store.js";

/** What the sweep schedule sends the worker function on AWS (infra/constructs/sweep-schedule.ts). */
export const SWEEP_EVENT = { posterguard: "sweep-unqueued-jobs" } as const;

export interface SweepSettings {
  /** Only jobs at least this old: a job written a moment ago may still be having its message sent. */
  minAgeSeconds: number;
  /** Jobs re-enqueued in one sweep, at most. */
  limit: number;
}

/** A job this old and still PENDING while the queue is empty has lost its message; 500 a sweep. */
export const DEFAULT_SWEEP: SweepSettings = { minAgeSeconds: 300, limit: 500 };

export interface SweepOutcome {
  requeued: string[];
  /** Why nothing was looked at, when nothing was. */
  skipped?: string;
}

/**
 * Finds jobs left PENDING without a message (a job creator that died between writing the job
 * and sending its message, where the two are not one transaction) and sends their messages
 * again. While the queue holds any message, visible, in flight or delayed for a retry, a PENDING
 * job may be waiting for one of them, so the sweep waits for an empty queue: then every PENDING
 * job old enough has lost its message. A message sent twice is harmless: a worker starts a job
 * only from PENDING and acknowledges messages of finished jobs.
 */
export async function sweepUnqueuedJobs(
  deps: { jobs: JobStore; queue: JobQueue; clock: Clock; log: Logger },
  settings: SweepSettings,
): Promise<SweepOutcome> {
  const depth = await deps.queue.depth();
  if (depth.visible + depth.inFlight + depth.delayed > 0) {
    return { requeued: [], skipped: "the queue still holds messages" };
  }
  const before = new Date(deps.clock.now().getTime() - settings.minAgeSeconds * 1000).toISOString();
  const stale = await deps.jobs.listPendingCreatedBefore(before, settings.limit);
  for (const job of stale) await deps.queue.send(messageOf(job));
  if (stale.length > 0) {
    deps.log.warn({ jobs: stale.map((job) => job.jobId) }, "re-enqueued jobs left PENDING without a message");
  }
  return { requeued: stale.map((job) => job.jobId) };
}
