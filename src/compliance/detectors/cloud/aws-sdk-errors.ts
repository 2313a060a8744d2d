import type { SdkErrors } from "./call-model.js";

interface AwsSdkError {
  name?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: number };
}

/** AWS SDK v3 errors: the service's exception name is `error.name`. */
export function awsSdkErrors(
  retriedExceptions: readonly string[],
  timeoutExceptions: readonly string[],
): SdkErrors {
  const nameOf = (error: unknown) => String((error as AwsSdkError | undefined)?.name ?? "");
  return {
    isThrottled: (error) => retriedExceptions.includes(nameOf(error)),
    isTimeout: (error) => nameOf(error) === "TimeoutError" || timeoutExceptions.includes(nameOf(error)),
    describe(error) {
      if (!(error instanceof Error)) return String(error);
      const status = (error as AwsSdkError).$metadata?.httpStatusCode;
      return `${error.name}${status ? ` (HTTP ${status})` : ""}: ${error.message}`;
    },
  };
}
