import { setTimeout as sleep } from "node:timers/promises";

export interface BackoffOptions {
  /** The wait before the first retry is drawn from 0..baseDelayMs, and doubles with each retry. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseDelayMs: 250, maxDelayMs: 10_000 };

/** Exponential backoff with full jitter: a random wait in 0..min(max, base·2^(retry-1)). */
export function backoffDelayMs(
  retry: number,
  backoff: BackoffOptions,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(backoff.maxDelayMs, backoff.baseDelayMs * 2 ** (retry - 1));
  return Math.round(random() * ceiling);
}

export interface ThrottlingRetryOptions {
  /** All attempts, the first one included. */
  maxAttempts: number;
  backoff: BackoffOptions;
  isThrottled(error: unknown): boolean;
  /** Aborts the wait between attempts too. */
  signal?: AbortSignal;
}

/** Runs `attempt` again after a backoff while it fails because of throttling; any other error surfaces at once. */
export async function withThrottlingRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: ThrottlingRetryOptions,
): Promise<T> {
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (attemptNumber >= options.maxAttempts || !options.isThrottled(error)) throw error;
      await sleep(backoffDelayMs(attemptNumber, options.backoff), undefined, { signal: options.signal });
    }
  }
}
