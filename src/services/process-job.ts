import type { Logger } from "pino";
import type { ComplianceEngine } from "../compliance/compliance-engine.js";
import { PermanentProcessingError } from "../domain/errors.js";
import type { JobError } from "../domain/job.js";
import type { Policy } from "../domain/policy.js";
import { IMAGE_EXTENSIONS, type ImageFormat } from "../domain/poster-key.js";
import { newUlid } from "../ids/new-ulid.js";
import type { Clock } from "../ports/clock.js";
import type { JobQueue, ReceivedMessage } from "../ports/job-queue.js";
import type { JobStore } from "../ports/job-store.js";
import type { ObjectStore } from "../ports/object-store.js";
import { JobInterruptedError, withinDeadline } from "./job-deadline.js";
import { type BackoffSettings, retryDelaySeconds } from "./retry-backoff.js";

/**
 * completed: verdict written, message deleted. skipped: nothing to do, message deleted.
 * busy: another worker holds the job, message left. retrying: attempt failed, message delayed.
 * failed: permanent error, job FAILED, message deleted. exhausted: last attempt failed, job
 * FAILED, message left for the queue to dead-letter. released: the worker is stopping; the job
 * went back to PENDING and its message is visible again at once.
 */
export type ProcessOutcome =
  | "completed"
  | "skipped"
  | "busy"
  | "retrying"
  | "failed"
  | "exhausted"
  | "released";

export interface ProcessJobDeps {
  jobs: JobStore;
  objects: ObjectStore;
  queue: JobQueue;
  engine: ComplianceEngine;
  policyFor: (platform: string, artworkType: string | undefined) => Policy;
  clock: Clock;
  log: Logger;
  visibilityTimeoutSeconds: number;
  /** An attempt whose checks run longer fails with JOB_TIMEOUT (and is retried). */
  jobTimeoutMs: number;
  backoff: BackoffSettings;
  onFinished?: (outcome: ProcessOutcome, durationMs: number) => void;
}

/** The seed's job processing flow for one received message. */
export function processJobService(deps: ProcessJobDeps) {
  const { jobs, objects, queue, clock } = deps;
  const leaseUntil = () =>
    new Date(clock.now().getTime() + deps.visibilityTimeoutSeconds * 1000).toISOString();

  function keepLeaseAlive(message: ReceivedMessage, jobId: string, leaseToken: string): () => void {
    const everyMs = Math.max(200, (deps.visibilityTimeoutSeconds * 1000) / 3);
    const timer = setInterval(() => {
      Promise.all([
        queue.changeVisibility(message.receiptHandle, deps.visibilityTimeoutSeconds),
        jobs.extendLease(jobId, leaseToken, leaseUntil()),
      ]).catch((error) => deps.log.warn({ jobId, err: error }, "could not extend the lease"));
    }, everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** `interrupt`: the worker is stopping; the job is let go of, not failed. */
  async function run(message: ReceivedMessage, interrupt?: AbortSignal): Promise<ProcessOutcome> {
    const { jobId } = message.body;
    const log = deps.log.child({ jobId, receiveCount: message.receiveCount });
    const job = await jobs.getJob(jobId);
    if (!job || job.status === "COMPLETED" || job.status === "FAILED") {
      log.info({ status: job?.status ?? "MISSING" }, "job already settled; acknowledging the message");
      await queue.delete(message.receiptHandle);
      return "skipped";
    }
    const leaseToken = newUlid();
    const started = await jobs.startProcessing(jobId, leaseToken, leaseUntil(), clock.now().toISOString());
    if (!started) {
      log.info("another worker holds this job; leaving the message");
      return "busy";
    }
    log.info({ attempt: started.attempts }, "processing started");
    const startedAt = performance.now();
    const stopHeartbeat = keepLeaseAlive(message, jobId, leaseToken);
    try {
      const bytes = await objects.get(message.body.s3Key);
      if (!bytes)
        throw new Error(`the poster object ${message.body.s3Bucket}/${message.body.s3Key} is missing`);
      const title = typeof job.metadata.title === "string" ? job.metadata.title : undefined;
      const checking = new AbortController();
      const result = await withinDeadline(
        deps.engine.check(
          { bytes, format: formatOfKey(message.body.s3Key), posterHash: message.body.posterHash },
          deps.policyFor(job.platform, job.artworkType),
          { ...(title ? { title } : {}) },
          checking.signal,
        ),
        deps.jobTimeoutMs,
        interrupt,
      ).finally(() => checking.abort());
      const durationMs = Math.round(performance.now() - startedAt);
      const completedAt = clock.now().toISOString();
      if (!(await jobs.completeJob(jobId, leaseToken, result, completedAt, durationMs))) {
        log.warn("lost the lease before completing; another worker took over");
        return "busy";
      }
      await queue.delete(message.receiptHandle);
      log.info(
        { durationMs, isCompliant: result.isCompliant, violations: result.violations.length },
        "job completed",
      );
      deps.onFinished?.("completed", durationMs);
      return "completed";
    } catch (error) {
      return await handleFailure(message, leaseToken, error, log, performance.now() - startedAt);
    } finally {
      stopHeartbeat();
    }
  }

  async function handleFailure(
    message: ReceivedMessage,
    leaseToken: string,
    error: unknown,
    log: Logger,
    durationMs: number,
  ): Promise<ProcessOutcome> {
    const { jobId } = message.body;
    const jobError = toJobError(error);
    const now = clock.now().toISOString();
    if (error instanceof JobInterruptedError) {
      // The lease first: a worker that receives the message next must find the job free.
      await jobs.releaseJob(jobId, leaseToken, undefined, now);
      await queue.changeVisibility(message.receiptHandle, 0);
      log.info("worker stopping; job released for the next worker");
      deps.onFinished?.("released", durationMs);
      return "released";
    }
    if (error instanceof PermanentProcessingError) {
      await jobs.failJob(jobId, leaseToken, jobError, now);
      await queue.delete(message.receiptHandle);
      log.error({ error: jobError }, "job failed permanently");
      deps.onFinished?.("failed", durationMs);
      return "failed";
    }
    if (message.receiveCount >= queue.maxReceiveCount) {
      await jobs.failJob(jobId, leaseToken, jobError, now);
      // Visible again at once so the queue moves it to the dead-letter queue on the next receive.
      await queue.changeVisibility(message.receiptHandle, 0);
      log.error({ error: jobError }, "job failed on its last attempt; it goes to the dead-letter queue");
      deps.onFinished?.("exhausted", durationMs);
      return "exhausted";
    }
    const delay = retryDelaySeconds(message.receiveCount, deps.backoff);
    await jobs.releaseJob(jobId, leaseToken, jobError, now);
    await queue.changeVisibility(message.receiptHandle, delay);
    log.warn({ error: jobError, retryInSeconds: Math.round(delay * 10) / 10 }, "attempt failed; will retry");
    deps.onFinished?.("retrying", durationMs);
    return "retrying";
  }

  return { processMessage: run };
}

export type ProcessJobService = ReturnType<typeof processJobService>;

function toJobError(error: unknown): JobError {
  if (error instanceof PermanentProcessingError) return { code: error.code, message: error.message };
  const code = (error as { code?: unknown })?.code;
  return {
    code: typeof code === "string" && /^[A-Z_]+$/.test(code) ? code : "PROCESSING_ERROR",
    message: error instanceof Error ? error.message : String(error),
  };
}

function formatOfKey(key: string): ImageFormat {
  const extension = key.slice(key.lastIndexOf(".") + 1);
  const format = (Object.keys(IMAGE_EXTENSIONS) as ImageFormat[]).find(
    (f) => IMAGE_EXTENSIONS[f] === extension,
  );
  if (!format) throw new PermanentProcessingError("UNKNOWN_FORMAT", `cannot tell the image format of ${key}`);
  return format;
}
