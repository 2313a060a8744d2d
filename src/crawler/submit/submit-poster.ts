import type { CreateJobRequest, CreateJobResponse } from "../../services/create-job.js";

/** Hands one poster to the job creator: in this process, or a PosterGuard server over HTTP. */
export type SubmitPoster = (request: CreateJobRequest) => Promise<CreateJobResponse>;

/** A poster the job creator refused or could not take, with its machine-readable code. */
export class SubmitError extends Error {
  override readonly name = "SubmitError";
  constructor(
    readonly code: string,
    message: string,
    readonly retryable = false,
  ) {
    super(message);
  }
}

/** The job creator of this process (the create-job service). */
export function inProcessSubmitter(createJob: {
  createJob(request: CreateJobRequest): Promise<CreateJobResponse>;
}): SubmitPoster {
  return (request) => createJob.createJob(request);
}

/** The code and reason a failed hand-off is recorded with. */
export function describeSubmitError(error: unknown): { code: string; reason: string } {
  const code = (error as { code?: unknown })?.code;
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: typeof code === "string" && /^[A-Z][A-Z0-9_]*$/.test(code) ? code : "SUBMIT_FAILED",
    reason: message.slice(0, 500),
  };
}
