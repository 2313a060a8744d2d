import type { Logger } from "pino";
import type { Clock } from "../ports/clock.js";
import type { JobQueue } from "../ports/job-queue.js";
import type { JobStore } from "../ports/job-store.js";
import { DEFAULT_SWEEP, sweepUnqueuedJobs } from "../services/sweep-unqueued-jobs.js";

const SWEEP_EVERY_MS = 60_000;

/**
 * `serve` and `worker` look for jobs left without a message once a minute: on AWS a creator
 * that died between the DynamoDB write and the SQS send; on either backend a job whose queue
 * row was corrupt and set aside.
 */
export function startSweeping(services: { jobs: JobStore; queue: JobQueue; clock: Clock; log: Logger }) {
  const timer = setInterval(() => {
    sweepUnqueuedJobs(services, DEFAULT_SWEEP).catch((error) =>
      services.log.error({ err: error }, "sweep for jobs without a message failed"),
    );
  }, SWEEP_EVERY_MS);
  timer.unref();
  return timer;
}
