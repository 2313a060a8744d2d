import type { Job } from "../domain/job.js";
import type { JobMessage } from "./job-queue.js";
import type { CreateOutcome, NewJob } from "./job-store.js";

/**
 * How a new job enters the system: written with its queue message as one step where the backend
 * can (SQLite: one transaction), so no job is ever left PENDING without a message to carry it.
 */
export interface JobIntake {
  /** Creates the job unless one is current for its poster and verdict key; a created job is enqueued. */
  createAndEnqueue(job: NewJob, messageOf: (job: Job) => JobMessage): Promise<CreateOutcome>;
}

/** The job could not be put on the queue; the request can be sent again. */
export class EnqueueFailedError extends Error {
  override readonly name = "EnqueueFailedError";
  readonly code = "ENQUEUE_FAILED";
}

/** The message that carries a job to a worker. */
export function messageOf(job: Job): JobMessage {
  return {
    jobId: job.jobId,
    s3Bucket: job.storage.bucket,
    s3Key: job.storage.key,
    posterHash: job.posterHash,
  };
}
