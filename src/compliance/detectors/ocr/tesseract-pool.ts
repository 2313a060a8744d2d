import type { Worker as ThreadWorker } from "node:worker_threads";
import Tesseract from "tesseract.js";

export interface TesseractPoolOptions {
  size: number;
  /** A local folder holding `eng.traineddata.gz`. */
  langPath: string;
}

type Task<T> = (worker: Tesseract.Worker) => Promise<T>;

interface QueuedTask {
  run: Task<unknown>;
  resolve(value: unknown): void;
  reject(reason: unknown): void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

interface Slot {
  worker: Tesseract.Worker;
  thread: ThreadWorker | undefined;
  busy: boolean;
  /** Rejects the running task when the worker thread dies under it. */
  failRunning?: (reason: Error) => void;
}

/**
 * A few warm tesseract workers (one model load each, once per pool) that run tasks first come,
 * first served. tesseract.js's own scheduler is not used: it cannot drop a queued job when its
 * caller gives up, and on terminate it leaves queued jobs pending forever.
 */
export class TesseractPool {
  private readonly slots: Slot[] = [];
  private readonly queue: QueuedTask[] = [];
  private starting: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: TesseractPoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 1) {
      throw new Error(`OCR pool size must be a positive integer, got ${options.size}`);
    }
  }

  /** Loads the model in every worker now instead of on the first task. */
  warmUp(): Promise<void> {
    if (this.closed) return Promise.reject(new Error("OCR pool is closed"));
    this.starting ??= this.start();
    return this.starting;
  }

  run<T>(task: Task<T>, signal?: AbortSignal): Promise<T> {
    if (this.closed) return Promise.reject(new Error("OCR pool is closed"));
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<T>((resolve, reject) => {
      const queued: QueuedTask = {
        run: task,
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
      this.warmUp().then(
        () => this.dispatch(),
        (error: unknown) => this.failQueued(error),
      );
    });
  }

  /** Terminates the workers so the process can exit; queued tasks are rejected. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.failQueued(new Error("OCR pool is closed"));
    await this.starting?.catch(() => undefined);
    const slots = this.slots.splice(0);
    for (const slot of slots) slot.failRunning?.(new Error("OCR pool is closed"));
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private async start(): Promise<void> {
    const missing = this.options.size - this.slots.length;
    const created = await Promise.allSettled(Array.from({ length: missing }, () => this.createWorker()));
    const workers = created.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
    const failure = created.find((result) => result.status === "rejected");
    if (this.closed || failure) {
      await Promise.all(workers.map((worker) => worker.terminate()));
      this.starting = undefined;
      if (failure) throw toError(failure.reason);
      return;
    }
    for (const worker of workers) this.adopt(worker);
  }

  private createWorker(): Promise<Tesseract.Worker> {
    return Tesseract.createWorker("eng", Tesseract.OEM.LSTM_ONLY, {
      langPath: this.options.langPath,
      gzip: true,
      // Read the traineddata from langPath only: never look for or write a cached copy in the CWD.
      cacheMethod: "none",
      logger: () => undefined,
      // Without a handler tesseract.js rethrows a failed job as an uncaught exception; the job's
      // promise is rejected either way.
      errorHandler: () => undefined,
    });
  }

  private adopt(worker: Tesseract.Worker): void {
    const thread = (worker as unknown as { worker?: ThreadWorker }).worker;
    // An idle pool must not keep the process alive; a busy one must, or an awaited page is lost.
    thread?.unref();
    const slot: Slot = { worker, thread, busy: false };
    this.slots.push(slot);
    thread?.once("exit", () => {
      if (this.closed) return;
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      slot.failRunning?.(new Error("OCR worker exited unexpectedly"));
      this.starting = undefined;
      if (this.queue.length > 0) {
        this.warmUp().then(
          () => this.dispatch(),
          (error: unknown) => this.failQueued(error),
        );
      }
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

  private execute(slot: Slot, task: QueuedTask): void {
    slot.busy = true;
    slot.thread?.ref();
    const running = new Promise<unknown>((resolve, reject) => {
      slot.failRunning = reject;
      task.run(slot.worker).then(resolve, reject);
    });
    // The caller may stop waiting; the worker still finishes the page before taking the next task.
    const onAbort = () => task.reject(task.signal?.reason);
    task.signal?.addEventListener("abort", onAbort, { once: true });
    running
      .then(task.resolve, (error: unknown) => task.reject(toError(error)))
      .finally(() => {
        task.signal?.removeEventListener("abort", onAbort);
        slot.busy = false;
        slot.failRunning = undefined;
        slot.thread?.unref();
        if (!this.closed) this.dispatch();
      });
  }

  private failQueued(error: unknown): void {
    for (const task of this.queue.splice(0)) {
      task.signal?.removeEventListener("abort", task.onAbort);
      task.reject(error);
    }
  }
}

/** tesseract.js rejects with bare strings. */
function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(`OCR failed: ${String(error)}`);
}
