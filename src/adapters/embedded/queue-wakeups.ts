/**
 * Lets long-polling receivers sleep until a message may be available:
 * a pause ends at its timeout, on `notify()`, when the signal aborts, or on `close()`.
 */
export class QueueWakeups {
  readonly #sleepers = new Set<() => void>();
  #closed = false;

  get closed(): boolean {
    return this.#closed;
  }

  pause(ms: number, signal?: AbortSignal): Promise<void> {
    if (this.#closed || signal?.aborted || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", wake);
        this.#sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      signal?.addEventListener("abort", wake, { once: true });
      this.#sleepers.add(wake);
    });
  }

  notify(): void {
    for (const wake of [...this.#sleepers]) wake();
  }

  close(): void {
    this.#closed = true;
    this.notify();
  }
}
