import type { Detector } from "../../../ports/detector.js";
import type { ContentObservation } from "../../observations/content-observation.js";
import type { BackoffOptions } from "./retry-throttling.js";

/** A vision model behind a network API. */
export interface CloudDetector extends Detector<ContentObservation> {
  /** Releases the SDK client's connections; the detector cannot be used afterwards. */
  close(): void;
}

/** How every cloud detector calls its model. */
export interface CloudCallOptions {
  /** Per attempt; an attempt that takes longer fails with MODEL_TIMEOUT. */
  timeoutMs: number;
  /** Attempts in all while the service throttles; other errors are not retried. */
  maxAttempts: number;
  backoff?: BackoffOptions;
}

export function checkCallOptions(options: CloudCallOptions): void {
  if (!(Number.isFinite(options.timeoutMs) && options.timeoutMs > 0)) {
    throw new Error(`timeoutMs must be a positive number of milliseconds, got ${options.timeoutMs}`);
  }
  if (!(Number.isInteger(options.maxAttempts) && options.maxAttempts >= 1)) {
    throw new Error(`maxAttempts must be a whole number of at least 1, got ${options.maxAttempts}`);
  }
}
