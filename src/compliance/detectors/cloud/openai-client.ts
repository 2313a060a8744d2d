import OpenAI, { APIConnectionTimeoutError, APIError } from "openai";
import type { SdkErrors } from "./call-model.js";

/**
 * An OpenAI SDK client for any OpenAI-compatible endpoint. The SDK insists on a key; local
 * servers need none, so without one the Authorization header is removed. Retries are ours
 * (withThrottlingRetry): only 429 and 503 are retried.
 */
export function openAiClient(options: { baseUrl: string; apiKey?: string | undefined; timeoutMs: number }) {
  return new OpenAI({
    baseURL: options.baseUrl,
    apiKey: options.apiKey ?? "unused",
    defaultHeaders: options.apiKey ? {} : { Authorization: null },
    organization: null,
    project: null,
    timeout: options.timeoutMs,
    maxRetries: 0,
  });
}

export const OPENAI_ERRORS: SdkErrors = {
  isThrottled: (error) => error instanceof APIError && (error.status === 429 || error.status === 503),
  isTimeout: (error) => error instanceof APIConnectionTimeoutError,
  // The SDK's errors are all named "Error"; their classes tell them apart (RateLimitError, …).
  describe: (error) =>
    error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error),
};
