import type { Worker as ThreadWorker } from "node:worker_threads";

/** One started worker: the resource tasks use, the thread it runs on, and how to stop it. */
export interface PoolMember<W> {
  resource: W;
  /** Unref'd while idle, ref'd while busy, watched for an unexpected exit; undefined if unreachable. */
  thread: ThreadWorker | undefined;
  terminate(): Promise<unknown>;
}

export interface WarmPoolOptions<W> {
  /** Names the pool in error messages: "<name> pool is closed", "<name> worker exited unexpectedly". */
  name: string;
  size: number;
  /** Starts one member; resolves once it is ready to take a task. */
  launch(): Promise<PoolMember<W>>;
}

export type PoolTask<W, T> = (resource: W) => Promise<T>;

interface QueuedTask {
  run: PoolTask<unknown, unknown>;
  resolve(value: unknown): void;
  reject(reason: unknown): void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

interface Slot<W> {
  member: PoolMember<W>;
  busy: boolean;
  /** Rejects the running task when the thread dies under it. */
  failRunning?: (reason: Error) => void;
  lastError?: Error;
}

/**
 * A fixed number of warm workers (started once, kept loaded) that run tasks first come, first
 * served. A queued task is dropped when its signal aborts; a running one is finished by its worker
 * but its caller is released. An idle pool does not keep the process alive; a busy one does. A
 * worker that exits unexpectedly fails its running task and is replaced before the queue goes on.
 */
export class WarmPool<W> {
  private readonly slots: Slot<W>[] = [];
  private readonly queue: QueuedTask[] = [];
  private starting: Promise<void> | undefined;
  /** Members still starting, counted so that a restart never overfills the pool. */
  private launching = 0;
  private closed = false;

  constructor(private readonly options: WarmPoolOptions<W>) {
    if (!Number.isInteger(options.size) || options.size < 1) {
      throw new Error(`${options.name} pool size must be a positive integer, got ${options.size}`);
    }
  }

  /** Starts every worker now instead of on the first task. */
  warmUp(): Promise<void> {
    if (this.closed) return Promise.reject(this.closedError());
    this.starting ??= this.start();
    return this.starting;
  }

  run<T>(task: PoolTask<W, T>, signal?: AbortSignal): Promise<T> {
    if (this.closed) return Promise.reject(this.closedError());
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<T>((resolve, reject) => {
      const queued: QueuedTask = {
        run: task as PoolTask<unknown, unknown>,
        resolve: resolve as (value: unknown) => void,
        reject,
        signal,
        onAbort: () => {
          const index = this.queue.indexOf(queued);
          if (index >= 0) this.queue.splice(index, 1);
          reject(signal?.reason);
        },
      };
      signal?.addEventListener("abort", queued.onAbort, { once: true });
      this.queue.push(queued);
      this.startThenDispatch();
    });
  }

  /** Terminates the workers so the process can exit; queued and running tasks are rejected. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.failQueued(this.closedError());
    await this.starting?.catch(() => undefined);
    const slots = this.slots.splice(0);
    for (const slot of slots) slot.failRunning?.(this.closedError());
    await Promise.all(slots.map((slot) => slot.member.terminate()));
  }

  private closedError(): Error {
    return new Error(`${this.options.name} pool is closed`);
  }

  private startThenDispatch(): void {
    this.warmUp().then(
      () => this.dispatch(),
      (error: unknown) => this.failQueued(error),
    );
  }

  private async start(): Promise<void> {
    const missing = this.options.size - this.slots.length - this.launching;
    this.launching += missing;
    const launched = await Promise.allSettled(Array.from({ length: missing }, () => this.options.launch()));
    this.launching -= missing;
    const members = launched.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
    const failure = launched.find((result) => result.status === "rejected");
    if (this.closed || failure) {
      await Promise.all(members.map((member) => member.terminate()));
      this.starting = undefined;
      if (failure) throw failure.reason;
      return;
    }
    for (const member of members) this.adopt(member);
  }

  private adopt(member: PoolMember<W>): void {
    const slot: Slot<W> = { member, busy: false };
    this.slots.push(slot);
    const { thread } = member;
    thread?.unref();
    // An uncaught error in the thread is followed by its exit, handled below.
    thread?.on("error", (error) => {
      slot.lastError = error;
    });
    thread?.once("exit", (code) => {
      if (this.closed) return;
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      const detail = slot.lastError ? `: ${slot.lastError.message}` : ` (code ${code})`;
      slot.failRunning?.(new Error(`${this.options.name} worker exited unexpectedly${detail}`));
      // The next warmUp() starts a replacement.
      this.starting = undefined;
      if (this.queue.length > 0) this.startThenDispatch();
    });
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.busy) continue;
      const task = this.queue.shift();
      if (!task) return;
      task.signal?.removeEventListener("abort", task.onAbort);
      this.execute(slot, task);
    }
  }

  private execute(slot: Slot<W>, task: QueuedTask): void {
    slot.busy = true;
    slot.member.thread?.ref();
    const running = new Promise<unknown>((resolve, reject) => {
      slot.failRunning = reject;
      task.run(slot.member.resource).then(resolve, reject);
    });
    // The caller may stop waiting; the worker still finishes the task before taking the next one.
    const onAbort = () => task.reject(task.signal?.reason);
    task.signal?.addEventListener("abort", onAbort, { once: true });
    running.then(task.resolve, task.reject).finally(() => {
      task.signal?.removeEventListener("abort", onAbort);
      slot.busy = false;
      slot.failRunning = undefined;
      // Unref'd after terminate() began, a thread would leave that promise pending forever.
      if (this.closed) return;
      slot.member.thread?.unref();
      this.dispatch();
    });
  }

  private failQueued(error: unknown): void {
    for (const task of this.queue.splice(0)) {
      task.signal?.removeEventListener("abort", task.onAbort);
      task.reject(error);
    }
  }
}
