import type { CreateJobResponse } from "../../services/create-job.js";
import { ParentCallError, type ParentCalls } from "../child/parent-calls.js";
import { SubmitError, type SubmitPoster } from "./submit-poster.js";

/**
 * The crawl child's hand-off: each poster goes to the parent over IPC, and the parent gives it to
 * its own submitter (the job creator, or a remote server with --api-url).
 */
export function ipcSubmitter(parent: ParentCalls): SubmitPoster {
  return async (request) => {
    try {
      return await parent.call<CreateJobResponse>({ call: "submit", request });
    } catch (error) {
      if (error instanceof ParentCallError) throw new SubmitError(error.code, error.message, error.retryable);
      throw error;
    }
  };
}
