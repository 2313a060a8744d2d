/** A job that ran past its time: its attempt fails and is retried like any other failure. */
export class JobTimeoutError extends Error {
  override readonly name = "JobTimeoutError";
  readonly code = "JOB_TIMEOUT";
}

/** A job its worker let go of (the process is stopping): not a failed attempt. */
export class JobInterruptedError extends Error {
  override readonly name = "JobInterruptedError";
  readonly code = "INTERRUPTED";
}

/**
 * The work's answer, unless `timeoutMs` passes first or `interrupt` fires. A detector that hangs
 * cannot be killed from here, but its worker is freed and its lease lapses: a stuck poster no
 * longer holds a worker (and the heartbeat) for ever.
 */
export function withinDeadline<T>(work: Promise<T>, timeoutMs: number, interrupt?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new JobTimeoutError(`the checks took longer than ${Math.round(timeoutMs / 1000)} s`)),
      timeoutMs,
    );
    const onInterrupt = () => reject(new JobInterruptedError("the worker is stopping"));
    if (interrupt?.aborted) onInterrupt();
    interrupt?.addEventListener("abort", onInterrupt, { once: true });
    work.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      interrupt?.removeEventListener("abort", onInterrupt);
    });
  });
}
