import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { CreateJobRequest, CreateJobResponse } from "../../services/create-job.js";
import { SubmitError, type SubmitPoster } from "./submit-poster.js";

export interface HttpSubmitterOptions {
  /** The PosterGuard server, e.g. `http://127.0.0.1:3000`; posters go to `<apiUrl>/jobs`. */
  apiUrl: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Tries per poster when the server is unreachable or answers 5xx or 429. */
  maxAttempts?: number;
  retryDelayMs?: number;
}

/**
 * Posts each poster to a remote PosterGuard (`POST /jobs`). Requests carry a requestId, so a
 * retry after a lost answer returns the first answer instead of creating a second job.
 */
export function httpSubmitter(options: HttpSubmitterOptions): SubmitPoster {
  const endpoint = `${options.apiUrl.replace(/\/+$/, "")}/jobs`;
  const maxAttempts = options.maxAttempts ?? 3;
  return async (request) => {
    const body = { ...request, requestId: request.requestId ?? requestIdFor(request) };
    for (let attempt = 1; ; attempt++) {
      try {
        return await postOnce(endpoint, body, options);
      } catch (error) {
        const retryable = !(error instanceof SubmitError) || error.retryable;
        if (!retryable || attempt >= maxAttempts) {
          if (error instanceof SubmitError) throw error;
          throw new SubmitError("API_UNREACHABLE", `${endpoint}: ${(error as Error).message}`);
        }
        await sleep((options.retryDelayMs ?? 500) * 2 ** (attempt - 1));
      }
    }
  };
}

/** One id per poster and run: a retried post is answered like the first, the next run posts afresh. */
function requestIdFor(request: CreateJobRequest): string {
  const run = typeof request.metadata?.crawlRunId === "string" ? request.metadata.crawlRunId : "";
  const digest = createHash("sha256")
    .update(`${run}\n${request.platform}\n${request.posterUrl}`)
    .digest("hex");
  return `crawl:${digest.slice(0, 40)}`;
}

async function postOnce(endpoint: string, request: unknown, options: HttpSubmitterOptions) {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json", ...options.headers },
    body: JSON.stringify(request),
    signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (response.status === 200 || response.status === 202) {
    return { statusCode: response.status, body } as CreateJobResponse;
  }
  const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
  throw new SubmitError(
    error?.code ?? `HTTP_${response.status}`,
    error?.message ?? `the server answered ${response.status}: ${text.slice(0, 200)}`,
    response.status >= 500 || response.status === 429,
  );
}
