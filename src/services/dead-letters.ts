import type { Logger } from "pino";
import type { Clock } from "../ports/clock.js";
import type { DeadLetter, JobQueue } from "../ports/job-queue.js";
import type { JobStore } from "../ports/job-store.js";

/** The DLQ as a user sees it: list, redrive, and keep job records in step with it. */
export function deadLetterService(deps: { jobs: JobStore; queue: JobQueue; clock: Clock; log: Logger }) {
  const { jobs, queue, clock } = deps;
  return {
    async list(limit = 100) {
      const letters = await queue.listDeadLetters(limit);
      return Promise.all(
        letters.map(async (letter) => {
          const job = await jobs.getJob(letter.body.jobId);
          return { ...letter, jobStatus: job?.status, error: job?.error };
        }),
      );
    },

    /** Jobs go back to PENDING before their messages return, so no worker sees a FAILED job for them. */
    async redrive(messageIds?: string[]): Promise<DeadLetter[]> {
      const letters = (await queue.listDeadLetters(100_000)).filter(
        (l) => !messageIds || messageIds.includes(l.messageId),
      );
      const now = clock.now().toISOString();
      for (const letter of letters) await jobs.requeueFailedJob(letter.body.jobId, now);
      return queue.redrive(letters.map((l) => l.messageId));
    },

    /**
     * A worker killed on the last attempt leaves its job PROCESSING while the queue dead-letters
     * the message: such jobs are failed here.
     */
    async reconcile(): Promise<number> {
      let failed = 0;
      for (const letter of await queue.listDeadLetters(1000)) {
        const job = await jobs.getJob(letter.body.jobId);
        if (!job || job.status === "COMPLETED" || job.status === "FAILED") continue;
        if (job.updatedAt > letter.deadLetteredAt) continue;
        const error = {
          code: "DEAD_LETTERED",
          message: `gave up after ${letter.receiveCount} attempts; the last worker stopped before finishing`,
        };
        if (await jobs.failJob(job.jobId, null, error, clock.now().toISOString())) failed += 1;
      }
      if (failed > 0) deps.log.warn({ failed }, "failed jobs whose messages were dead-lettered");
      return failed;
    },
  };
}

export type DeadLetterService = ReturnType<typeof deadLetterService>;
