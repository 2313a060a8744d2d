import type { Job } from "../../domain/job.js";
import type { Clock } from "../../ports/clock.js";
import { EnqueueFailedError, type JobIntake } from "../../ports/job-intake.js";
import type { JobMessage, JobQueue } from "../../ports/job-queue.js";
import type { CreateOutcome, JobStore, NewJob } from "../../ports/job-store.js";

/**
 * A job written, then its message sent: DynamoDB and SQS share no transaction. A send that fails
 * fails the job (a new request starts afresh); a process that dies in between leaves a PENDING
 * job without a message, which is the sweeper's to find.
 */
export function sequentialJobIntake(jobs: JobStore, queue: JobQueue, clock: Clock): JobIntake {
  return {
    async createAndEnqueue(job: NewJob, messageOf: (job: Job) => JobMessage): Promise<CreateOutcome> {
      const outcome = await jobs.createIfAbsent(job);
      if (!outcome.created) return outcome;
      try {
        await queue.send(messageOf(outcome.job));
      } catch (error) {
        const message = `could not enqueue the job: ${(error as Error).message}`;
        await jobs.failJob(
          outcome.job.jobId,
          null,
          { code: "ENQUEUE_FAILED", message },
          clock.now().toISOString(),
        );
        throw new EnqueueFailedError(message);
      }
      return outcome;
    },
  };
}
