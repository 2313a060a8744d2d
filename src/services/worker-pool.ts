import type { Logger } from "pino";
import type { JobQueue, ReceivedMessage } from "../ports/job-queue.js";
import type { ProcessJobService } from "./process-job.js";

export interface WorkerPoolOptions {
  concurrency: number;
  visibilityTimeoutSeconds: number;
  /** Long-poll wait per receive. */
  waitTimeMs: number;
}

/** How long the jobs in hand get, after the grace period, to give their leases back. */
const RELEASE_WAIT_MS = 5_000;

/**
 * N loops that each receive one message at a time and process it. `stop()` stops taking
 * work, waits for the jobs in hand up to a grace period, then interrupts the rest: each gives
 * its job's lease back before its message becomes visible, so the next worker can take it.
 */
export class WorkerPool {
  private readonly abort = new AbortController();
  private readonly interrupt = new AbortController();
  private readonly inHand = new Map<string, ReceivedMessage>();
  private loops: Promise<void>[] = [];

  constructor(
    private readonly queue: JobQueue,
    private readonly processor: ProcessJobService,
    private readonly options: WorkerPoolOptions,
    private readonly log: Logger,
  ) {}

  start(): void {
    if (this.loops.length > 0) return;
    this.loops = Array.from({ length: this.options.concurrency }, (_, i) => this.loop(i));
    this.log.info({ concurrency: this.options.concurrency }, "worker pool started");
  }

  get busy(): number {
    return this.inHand.size;
  }

  private async loop(index: number): Promise<void> {
    const { signal } = this.abort;
    while (!signal.aborted) {
      try {
        const [message] = await this.queue.receive({
          maxMessages: 1,
          visibilityTimeoutSeconds: this.options.visibilityTimeoutSeconds,
          waitTimeMs: this.options.waitTimeMs,
          signal,
        });
        if (!message) continue;
        this.inHand.set(message.receiptHandle, message);
        try {
          await this.processor.processMessage(message, this.interrupt.signal);
        } finally {
          this.inHand.delete(message.receiptHandle);
        }
      } catch (error) {
        if (signal.aborted) break;
        this.log.error({ err: error, worker: index }, "worker loop error; pausing before the next receive");
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  /** Stops taking jobs; after `graceMs` the jobs still in hand go back to the queue. */
  async stop(graceMs: number): Promise<void> {
    this.abort.abort();
    const drained = Promise.all(this.loops).then(() => true);
    const timedOut = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), graceMs).unref());
    if (await Promise.race([drained, timedOut])) {
      this.log.info("worker pool drained");
      return;
    }
    this.log.warn(
      { jobs: [...this.inHand.values()].map((m) => m.body.jobId) },
      "grace period over; releasing jobs in hand",
    );
    this.interrupt.abort();
    const released = new Promise<boolean>((resolve) =>
      setTimeout(() => resolve(false), RELEASE_WAIT_MS).unref(),
    );
    if (await Promise.race([drained, released])) return;
    // A job stuck past its interruption (a write that hangs): its message at least goes back.
    await Promise.all(
      [...this.inHand.values()].map((m) =>
        this.queue.changeVisibility(m.receiptHandle, 0).catch(() => undefined),
      ),
    );
  }
}
