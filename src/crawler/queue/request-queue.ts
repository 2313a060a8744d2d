export interface QueuedRequest<T> {
  url: string;
  data: T;
  /** Tries so far, the current one included while it runs. */
  attempts: number;
  /** Not before this time (ms since the epoch): the backoff of a retry. */
  notBefore: number;
}

export interface RequestQueueOptions {
  /** Requests handled at once. */
  concurrency: number;
  /** Tries per request, the first included. */
  maxAttempts: number;
  /** Wait before the first retry; doubles with each one, up to maxRetryDelayMs. */
  retryDelayMs: number;
  maxRetryDelayMs?: number;
  /** The minimum gap between two requests to the host of this URL. */
  hostDelayMs: (url: string) => number;
  random?: () => number;
}

export interface RunHooks<T> {
  /** Errors that trying again may cure (5xx, timeouts, resets). */
  isRetryable(error: unknown): boolean;
  onRetry?(request: QueuedRequest<T>, error: unknown, delayMs: number): void;
  /** The request failed for good: not retryable, or out of attempts. */
  onGiveUp(request: QueuedRequest<T>, error: unknown): void;
  signal?: AbortSignal;
}

/**
 * `https://Host/a?b#c` and `https://host/a?b` are one request; a hash route (`#/series`, `#!/x`; not the bare `#/`)
 * is a page of its own in a single-page application.
 */
export function requestKey(url: string): string {
  try {
    const parsed = new URL(url);
    if (!/^#!?\/./.test(parsed.hash)) parsed.hash = "";
    return parsed.href;
  } catch {
    return url;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "";
  }
}

/**
 * A crawl's request queue: each URL once, retries with exponential backoff and jitter, a
 * concurrency limit, and a minimum gap between requests to one host (politeness).
 */
export class RequestQueue<T> {
  readonly #options: RequestQueueOptions;
  readonly #waiting: QueuedRequest<T>[] = [];
  readonly #known = new Set<string>();
  readonly #hostFreeAt = new Map<string, number>();
  #stopped = false;
  #wake: () => void = () => {};

  constructor(options: RequestQueueOptions) {
    this.#options = options;
  }

  /** Queues a URL unless it was queued before; returns whether it was added. */
  add(url: string, data: T): boolean {
    const key = requestKey(url);
    if (this.#known.has(key) || this.#stopped) return false;
    this.#known.add(key);
    this.#waiting.push({ url, data, attempts: 0, notBefore: 0 });
    this.#wake();
    return true;
  }

  has(url: string): boolean {
    return this.#known.has(requestKey(url));
  }

  /** Requests not started yet (waiting retries included). */
  get pending(): number {
    return this.#waiting.length;
  }

  /** Starts nothing more; requests already running finish. */
  stop(): void {
    this.#stopped = true;
    this.#wake();
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  /** Handles requests until the queue is empty (or stopped), then waits for those running. */
  async run(handler: (request: QueuedRequest<T>) => Promise<void>, hooks: RunHooks<T>): Promise<void> {
    const running = new Set<Promise<void>>();
    const onAbort = () => this.stop();
    hooks.signal?.addEventListener("abort", onAbort, { once: true });
    if (hooks.signal?.aborted) this.stop();
    try {
      for (;;) {
        if (this.#stopped || (running.size === 0 && this.#waiting.length === 0)) break;
        const now = Date.now();
        const next = running.size < this.#options.concurrency ? this.#takeReady(now) : undefined;
        if (next) {
          const task = this.#handle(next, handler, hooks).finally(() => running.delete(task));
          running.add(task);
          continue;
        }
        const woken = new Promise<void>((resolve) => {
          this.#wake = resolve;
        });
        const delay = running.size < this.#options.concurrency ? this.#msUntilReady(now) : undefined;
        let timer: NodeJS.Timeout | undefined;
        const timeout =
          delay === undefined
            ? undefined
            : new Promise<void>((resolve) => {
                timer = setTimeout(resolve, Math.max(1, delay));
              });
        await Promise.race([woken, ...running, ...(timeout ? [timeout] : [])]);
        clearTimeout(timer);
      }
    } finally {
      hooks.signal?.removeEventListener("abort", onAbort);
      await Promise.allSettled(running);
    }
  }

  async #handle(
    request: QueuedRequest<T>,
    handler: (request: QueuedRequest<T>) => Promise<void>,
    hooks: RunHooks<T>,
  ): Promise<void> {
    request.attempts += 1;
    try {
      await handler(request);
    } catch (error) {
      const retry =
        !this.#stopped && request.attempts < this.#options.maxAttempts && hooks.isRetryable(error);
      if (!retry) {
        hooks.onGiveUp(request, error);
        return;
      }
      const delayMs = this.#backoff(request.attempts);
      request.notBefore = Date.now() + delayMs;
      hooks.onRetry?.(request, error, delayMs);
      this.#waiting.push(request);
    } finally {
      this.#wake();
    }
  }

  /** Half the doubling delay fixed, half random, so retries of many pages do not line up. */
  #backoff(attempts: number): number {
    const ceiling = Math.min(
      this.#options.maxRetryDelayMs ?? 60_000,
      this.#options.retryDelayMs * 2 ** (attempts - 1),
    );
    const random = this.#options.random ?? Math.random;
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
  }

  #takeReady(now: number): QueuedRequest<T> | undefined {
    const index = this.#waiting.findIndex(
      (r) => r.notBefore <= now && (this.#hostFreeAt.get(hostOf(r.url)) ?? 0) <= now,
    );
    if (index < 0) return undefined;
    const [request] = this.#waiting.splice(index, 1);
    if (!request) return undefined;
    this.#hostFreeAt.set(hostOf(request.url), now + this.#options.hostDelayMs(request.url));
    return request;
  }

  #msUntilReady(now: number): number | undefined {
    let soonest: number | undefined;
    for (const r of this.#waiting) {
      const at = Math.max(r.notBefore, this.#hostFreeAt.get(hostOf(r.url)) ?? 0);
      if (soonest === undefined || at < soonest) soonest = at;
    }
    return soonest === undefined ? undefined : soonest - now;
  }
}
