import { CloudModelError, ModelOutputError } from "./cloud-model-error.js";
import { type BackoffOptions, withThrottlingRetry } from "./retry-throttling.js";

export interface ModelCallSettings {
  detector: string;
  model: string;
  /** Per attempt. */
  timeoutMs: number;
  maxAttempts: number;
  backoff: BackoffOptions;
}

/** How one SDK reports throttling and its own timeouts, and how to word its other errors. */
export interface SdkErrors {
  isThrottled(error: unknown): boolean;
  isTimeout(error: unknown): boolean;
  describe(error: unknown): string;
}

export interface ModelCall<R, T> {
  /** One request; must give up when `signal` aborts. */
  send(signal: AbortSignal): Promise<R>;
  /** Turns the answer into an observation; throws ModelOutputError when it cannot be trusted. */
  read(response: R): T;
}

/**
 * One model call: each attempt bounded by the timeout, throttling retried with backoff, every
 * failure turned into a CloudModelError. A cancellation by the caller's signal rethrows its reason.
 */
export async function callModel<R, T>(
  settings: ModelCallSettings,
  errors: SdkErrors,
  call: ModelCall<R, T>,
  signal?: AbortSignal,
): Promise<T> {
  signal?.throwIfAborted();
  let timedOut = false;
  try {
    const response = await withThrottlingRetry(
      async () => {
        const deadline = AbortSignal.timeout(settings.timeoutMs);
        try {
          return await call.send(signal ? AbortSignal.any([signal, deadline]) : deadline);
        } catch (error) {
          timedOut = deadline.aborted && !signal?.aborted;
          throw error;
        }
      },
      {
        maxAttempts: settings.maxAttempts,
        backoff: settings.backoff,
        isThrottled: errors.isThrottled,
        signal,
      },
    );
    return call.read(response);
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw toCloudModelError(error, timedOut, settings, errors);
  }
}

function toCloudModelError(
  error: unknown,
  timedOut: boolean,
  settings: ModelCallSettings,
  errors: SdkErrors,
): CloudModelError {
  const { detector, model } = settings;
  if (error instanceof CloudModelError) return error;
  if (error instanceof ModelOutputError) {
    return new CloudModelError("MODEL_OUTPUT_INVALID", detector, model, error.message, { cause: error });
  }
  if (timedOut || errors.isTimeout(error)) {
    return new CloudModelError(
      "MODEL_TIMEOUT",
      detector,
      model,
      `no answer within ${settings.timeoutMs} ms`,
      {
        cause: error,
      },
    );
  }
  if (errors.isThrottled(error)) {
    const detail = `still throttled after ${settings.maxAttempts} attempts: ${errors.describe(error)}`;
    return new CloudModelError("MODEL_THROTTLED", detector, model, detail, { cause: error });
  }
  return new CloudModelError("MODEL_ERROR", detector, model, errors.describe(error), { cause: error });
}
