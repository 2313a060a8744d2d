import type { Worker as ThreadWorker } from "node:worker_threads";
import Tesseract from "tesseract.js";
import { type PoolMember, WarmPool } from "../warm-pool.js";

export interface TesseractPoolOptions {
  size: number;
  /** A local folder holding `eng.traineddata.gz`. */
  langPath: string;
}

type Task<T> = (worker: Tesseract.Worker) => Promise<T>;

/**
 * A few warm tesseract workers (one model load each, once per pool) that run tasks first come,
 * first served. tesseract.js's own scheduler is not used: it cannot drop a queued job when its
 * caller gives up, and on terminate it leaves queued jobs pending forever.
 */
export class TesseractPool {
  private readonly pool: WarmPool<Tesseract.Worker>;

  constructor(options: TesseractPoolOptions) {
    this.pool = new WarmPool({ name: "OCR", size: options.size, launch: () => launch(options.langPath) });
  }

  /** Loads the model in every worker now instead of on the first task. */
  warmUp(): Promise<void> {
    return this.pool.warmUp();
  }

  run<T>(task: Task<T>, signal?: AbortSignal): Promise<T> {
    return this.pool.run(async (worker) => {
      try {
        return await task(worker);
      } catch (error) {
        throw toError(error);
      }
    }, signal);
  }

  /** Terminates the workers so the process can exit; queued and running tasks are rejected. */
  close(): Promise<void> {
    return this.pool.close();
  }
}

async function launch(langPath: string): Promise<PoolMember<Tesseract.Worker>> {
  const worker = await Tesseract.createWorker("eng", Tesseract.OEM.LSTM_ONLY, {
    langPath,
    gzip: true,
    // Read the traineddata from langPath only: never look for or write a cached copy in the CWD.
    cacheMethod: "none",
    logger: () => undefined,
    // Without a handler tesseract.js rethrows a failed job as an uncaught exception; the job's
    // promise is rejected either way.
    errorHandler: () => undefined,
  }).catch((error: unknown) => {
    throw toError(error);
  });
  // tesseract's own diagnostics ("Invalid resolution 25 dpi", "Estimating resolution as …") go
  // through its tprintf to the thread's stderr, which node pipes to ours. tprintf writes to the
  // file named by `debug_file` instead when one is set: send them to the in-memory /dev/null.
  // Set only after initialisation, so a failing model load still says why; failures of a task
  // reject its promise, and the WebAssembly runtime's and leptonica's errors still reach stderr.
  await worker.setParameters({ debug_file: "/dev/null" }).catch(async (error: unknown) => {
    await worker.terminate().catch(() => undefined);
    throw toError(error);
  });
  // tesseract.js keeps its node thread in an undocumented field.
  const thread = (worker as unknown as { worker?: ThreadWorker }).worker;
  return { resource: worker, thread, terminate: () => worker.terminate() };
}

/** tesseract.js rejects with bare strings. */
function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(`OCR failed: ${String(error)}`);
}
