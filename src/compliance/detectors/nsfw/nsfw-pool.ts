import { Worker } from "node:worker_threads";
import type { NsfwScores } from "./map-nsfw-classes.js";
import type { ClassifyRequest, WorkerReply } from "./nsfw-messages.js";

interface QueuedTask {
  pixels: Uint8Array<ArrayBuffer>;
  resolve(scores: NsfwScores): void;
  reject(reason: unknown): void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

interface Slot {
  worker: Worker;
  running: QueuedTask | undefined;
  lastError: Error | undefined;
}

/**
 * Worker threads that each load the model once and classify one poster at a time, first come,
 * first served. Idle workers do not keep the process alive; `close()` terminates them.
 */
export class NsfwPool {
  private readonly slots: Slot[] = [];
  private readonly queue: QueuedTask[] = [];
  private starting: Promise<void> | undefined;
  /** Workers still loading the model, counted so that a restart never overfills the pool. */
  private launching = 0;
  private closed = false;

  constructor(private readonly size: number) {
    if (!Number.isInteger(size) || size < 1) {
      throw new Error(`NSFW pool size must be a positive integer, got ${size}`);
    }
  }

  /** Starts the workers and loads the model in each now instead of on the first poster. */
  warmUp(): Promise<void> {
    if (this.closed) return Promise.reject(new Error("NSFW pool is closed"));
    this.starting ??= this.start();
    return this.starting;
  }

  classify(pixels: Uint8Array<ArrayBuffer>, signal?: AbortSignal): Promise<NsfwScores> {
    if (this.closed) return Promise.reject(new Error("NSFW pool is closed"));
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<NsfwScores>((resolve, reject) => {
      const task: QueuedTask = {
        pixels,
        resolve,
        reject,
        signal,
        onAbort: () => {
          const index = this.queue.indexOf(task);
          if (index >= 0) this.queue.splice(index, 1);
          reject(signal?.reason);
        },
      };
      signal?.addEventListener("abort", task.onAbort, { once: true });
      this.queue.push(task);
      this.warmUp().then(
        () => this.dispatch(),
        (error: unknown) => this.failQueued(error),
      );
    });
  }

  /** Terminates the workers so the process can exit; queued and running posters are rejected. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.failQueued(new Error("NSFW pool closed"));
    await this.starting?.catch(() => undefined);
    const slots = this.slots.splice(0);
    for (const slot of slots) this.release(slot)?.reject(new Error("NSFW pool closed"));
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private async start(): Promise<void> {
    const missing = this.size - this.slots.length - this.launching;
    this.launching += missing;
    const started = await Promise.allSettled(Array.from({ length: missing }, () => startWorker()));
    this.launching -= missing;
    const workers = started.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
    const failure = started.find((result) => result.status === "rejected");
    if (this.closed || failure) {
      await Promise.all(workers.map((worker) => worker.terminate()));
      this.starting = undefined;
      if (failure) throw failure.reason;
      return;
    }
    for (const worker of workers) this.adopt(worker);
  }

  private adopt(worker: Worker): void {
    const slot: Slot = { worker, running: undefined, lastError: undefined };
    this.slots.push(slot);
    worker.unref();
    worker.on("message", (reply: WorkerReply) => this.settle(slot, reply));
    // An uncaught error in the worker is followed by its exit, handled below.
    worker.on("error", (error) => {
      slot.lastError = error;
    });
    worker.once("exit", (code) => {
      if (this.closed) return;
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      const reason = slot.lastError ? `: ${slot.lastError.message}` : ` (code ${code})`;
      this.release(slot)?.reject(new Error(`NSFW worker exited unexpectedly${reason}`));
      // The next warmUp() starts a replacement.
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
      if (slot.running) continue;
      const task = this.queue.shift();
      if (!task) return;
      this.execute(slot, task);
    }
  }

  private execute(slot: Slot, task: QueuedTask): void {
    // Once running, the worker finishes the poster even if its caller stops waiting.
    task.signal?.removeEventListener("abort", task.onAbort);
    task.onAbort = () => task.reject(task.signal?.reason);
    task.signal?.addEventListener("abort", task.onAbort, { once: true });
    slot.running = task;
    slot.worker.ref();
    const request: ClassifyRequest = { pixels: task.pixels };
    slot.worker.postMessage(request, [task.pixels.buffer]);
  }

  private settle(slot: Slot, reply: WorkerReply): void {
    if (reply.type === "ready") return;
    const task = this.release(slot);
    if (!task) return;
    if (reply.type === "scores") task.resolve(reply.scores);
    else task.reject(new Error(`NSFW classification failed: ${reply.message}`));
    if (!this.closed) this.dispatch();
  }

  /** Frees the slot and hands back the task it was running, for the caller to settle. */
  private release(slot: Slot): QueuedTask | undefined {
    const task = slot.running;
    slot.running = undefined;
    slot.worker.unref();
    task?.signal?.removeEventListener("abort", task.onAbort);
    return task;
  }

  private failQueued(error: unknown): void {
    for (const task of this.queue.splice(0)) {
      task.signal?.removeEventListener("abort", task.onAbort);
      task.reject(error);
    }
  }
}

/** A worker that has loaded the model. */
function startWorker(): Promise<Worker> {
  const worker = createWorker();
  return new Promise<Worker>((resolve, reject) => {
    const onMessage = (reply: WorkerReply) => {
      if (reply.type !== "ready") return;
      cleanUp();
      resolve(worker);
    };
    const onError = (error: Error) => {
      cleanUp();
      void worker.terminate();
      reject(new Error(`NSFW worker failed to load the model: ${error.message}`, { cause: error }));
    };
    const onExit = (code: number) => {
      cleanUp();
      reject(new Error(`NSFW worker exited while loading the model (code ${code})`));
    };
    const cleanUp = () => {
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
    };
    worker.on("message", onMessage);
    worker.once("error", onError);
    worker.once("exit", onExit);
  });
}

/**
 * Compiled, this module sits next to nsfw-worker.js. Run from source (vitest, tsx) it sits next to
 * nsfw-worker.ts, which a worker can only load once tsx is registered in that worker: Node 20 does
 * not apply `execArgv: ["--import", "tsx"]` to a worker's entry module, so a two-line bootstrap
 * registers tsx's loader and then imports the entry. The worker gets none of the parent's flags:
 * it needs none, and some (`--input-type` under `node -e`) would stop it from loading its entry.
 */
function createWorker(): Worker {
  if (!import.meta.url.endsWith(".ts")) {
    return new Worker(new URL("./nsfw-worker.js", import.meta.url), { execArgv: [] });
  }
  const tsxApi = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  const entry = JSON.stringify(new URL("./nsfw-worker.ts", import.meta.url).href);
  const bootstrap = `import(${tsxApi}).then((tsx) => { tsx.register(); return import(${entry}); });`;
  return new Worker(bootstrap, { eval: true, execArgv: [] });
}
