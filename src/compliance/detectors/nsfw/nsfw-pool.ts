import { Worker } from "node:worker_threads";
import { type PoolMember, WarmPool } from "../warm-pool.js";
import type { NsfwScores } from "./map-nsfw-classes.js";
import type { ClassifyRequest, WorkerReply } from "./nsfw-messages.js";

/** A worker thread with the model loaded; it classifies one poster at a time. */
interface NsfwClassifier {
  classify(pixels: Uint8Array<ArrayBuffer>): Promise<NsfwScores>;
}

/**
 * Worker threads that each load the model once and classify one poster at a time, first come,
 * first served. Idle workers do not keep the process alive; `close()` terminates them.
 */
export class NsfwPool {
  private readonly pool: WarmPool<NsfwClassifier>;

  constructor(size: number) {
    this.pool = new WarmPool({ name: "NSFW", size, launch });
  }

  /** Starts the workers and loads the model in each now instead of on the first poster. */
  warmUp(): Promise<void> {
    return this.pool.warmUp();
  }

  classify(pixels: Uint8Array<ArrayBuffer>, signal?: AbortSignal): Promise<NsfwScores> {
    return this.pool.run((classifier) => classifier.classify(pixels), signal);
  }

  /** Terminates the workers so the process can exit; queued and running posters are rejected. */
  close(): Promise<void> {
    return this.pool.close();
  }
}

async function launch(): Promise<PoolMember<NsfwClassifier>> {
  const worker = await startWorker();
  let waiting: { resolve(scores: NsfwScores): void; reject(reason: Error): void } | undefined;
  worker.on("message", (reply: WorkerReply) => {
    if (reply.type === "ready") return;
    const caller = waiting;
    waiting = undefined;
    if (reply.type === "scores") caller?.resolve(reply.scores);
    else caller?.reject(new Error(`NSFW classification failed: ${reply.message}`));
  });
  const classify = (pixels: Uint8Array<ArrayBuffer>) =>
    new Promise<NsfwScores>((resolve, reject) => {
      waiting = { resolve, reject };
      const request: ClassifyRequest = { pixels };
      worker.postMessage(request, [pixels.buffer]);
    });
  return { resource: { classify }, thread: worker, terminate: () => worker.terminate() };
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
