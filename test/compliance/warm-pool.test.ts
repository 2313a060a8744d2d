import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { type PoolMember, WarmPool } from "../../src/compliance/detectors/warm-pool.js";

/**
 * Says "ready", then answers each `{ value, delayMs }` with its value after the delay; `{ exit }`
 * ends the thread with that code, `{ crash }` throws that message uncaught.
 */
const ECHO_WORKER = `
const { parentPort } = require("node:worker_threads");
parentPort.on("message", (message) => {
  if (message.exit !== undefined) process.exit(message.exit);
  if (message.crash !== undefined) throw new Error(message.crash);
  setTimeout(() => parentPort.postMessage(message.value), message.delayMs ?? 0);
});
parentPort.postMessage("ready");
`;

interface Request {
  value?: unknown;
  delayMs?: number;
  exit?: number;
  crash?: string;
}

/** The thread behind a pool member: one request at a time, answered by its next reply. */
interface Echo {
  ask(request: Request): Promise<unknown>;
}

function launchEcho(code = ECHO_WORKER): Promise<PoolMember<Echo>> {
  const worker = new Worker(code, { eval: true });
  // One listener for the thread's life: adding a "message" listener refs an unref'd thread again.
  let onReply: (reply: unknown) => void = () => undefined;
  worker.on("message", (reply) => onReply(reply));
  const ask = (request: Request) =>
    new Promise<unknown>((resolve) => {
      onReply = resolve;
      worker.postMessage(request);
    });
  return new Promise((resolve, reject) => {
    onReply = () => {
      worker.off("error", reject);
      resolve({ resource: { ask }, thread: worker, terminate: () => worker.terminate() });
    };
    worker.once("error", reject);
  });
}

const pools: WarmPool<Echo>[] = [];

function echoPool(size: number, launch: () => Promise<PoolMember<Echo>> = () => launchEcho()) {
  const pool = new WarmPool({ name: "Echo", size, launch });
  pools.push(pool);
  return pool;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

describe("WarmPool", () => {
  it("refuses a size that is not a positive integer", () => {
    expect(() => echoPool(0)).toThrow("Echo pool size must be a positive integer, got 0");
  });

  it("runs tasks first come, first served, each on an idle worker", async () => {
    const pool = echoPool(1);
    const started: string[] = [];
    const results = await Promise.all(
      ["a", "b", "c"].map((value, index) =>
        pool.run((worker) => {
          started.push(value);
          return worker.ask({ value, delayMs: 30 - index * 10 });
        }),
      ),
    );
    expect(started).toEqual(["a", "b", "c"]);
    expect(results).toEqual(["a", "b", "c"]);
  });

  it("drops a queued task when its signal aborts; the rest of the queue goes on", async () => {
    const pool = echoPool(1);
    const started: string[] = [];
    const task = (value: string) => (worker: Echo) => {
      started.push(value);
      return worker.ask({ value, delayMs: 40 });
    };
    const controller = new AbortController();
    const first = pool.run(task("first"));
    const dropped = pool.run(task("dropped"), controller.signal);
    const last = pool.run(task("last"));
    controller.abort(new Error("caller gave up"));
    await expect(dropped).rejects.toThrow("caller gave up");
    expect(await Promise.all([first, last])).toEqual(["first", "last"]);
    expect(started).toEqual(["first", "last"]);
    await expect(pool.run(task("late"), AbortSignal.abort(new Error("too late")))).rejects.toThrow(
      "too late",
    );
  });

  it("releases the caller of an aborted running task while its worker finishes it first", async () => {
    const pool = echoPool(1);
    const controller = new AbortController();
    let started: () => void = () => undefined;
    const startedRunning = new Promise<void>((resolve) => {
      started = resolve;
    });
    let finished = false;
    const running = pool.run(async (worker) => {
      started();
      const value = await worker.ask({ value: "slow", delayMs: 150 });
      finished = true;
      return value;
    }, controller.signal);
    await startedRunning;
    controller.abort(new Error("stop waiting"));
    await expect(running).rejects.toThrow("stop waiting");
    expect(finished).toBe(false);
    const next = await pool.run(async (worker) => {
      expect(finished).toBe(true);
      return worker.ask({ value: "next" });
    });
    expect(next).toBe("next");
  });

  it("rejects the task of a worker that exits under it and runs the queue on a replacement", async () => {
    let launches = 0;
    const pool = echoPool(1, () => {
      launches += 1;
      return launchEcho();
    });
    const crashed = pool.run((worker) => worker.ask({ exit: 3 }));
    const queued = pool.run((worker) => worker.ask({ value: "ok" }));
    await expect(crashed).rejects.toThrow("Echo worker exited unexpectedly (code 3)");
    expect(await queued).toBe("ok");
    expect(launches).toBe(2);

    const thrown = pool.run((worker) => worker.ask({ crash: "out of memory" }));
    await expect(thrown).rejects.toThrow("Echo worker exited unexpectedly: out of memory");
    expect(await pool.run((worker) => worker.ask({ value: "again" }))).toBe("again");
    expect(launches).toBe(3);
  });

  it("fails every queued task when start-up fails, and tries again on the next task", async () => {
    let launches = 0;
    const pool = echoPool(2, () => {
      launches += 1;
      return launches === 1 ? launchEcho('throw new Error("model missing")') : launchEcho();
    });
    const queued = [1, 2, 3].map((value) => pool.run((worker) => worker.ask({ value })));
    for (const task of queued) await expect(task).rejects.toThrow("model missing");
    expect(await pool.run((worker) => worker.ask({ value: 4 }))).toBe(4);
    expect(launches).toBe(4);
  });

  it("refuses tasks and warm-ups once closed", async () => {
    const pool = echoPool(1);
    await pool.warmUp();
    await pool.close();
    await expect(pool.run((worker) => worker.ask({ value: 1 }))).rejects.toThrow("Echo pool is closed");
    await expect(pool.warmUp()).rejects.toThrow("Echo pool is closed");
  });

  it("keeps the process alive only while busy; close() rejects running and queued tasks and lets it exit", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "warm-pool-"));
    try {
      const script = path.join(dir, "pool-once.mts");
      const poolModule = pathToFileURL(
        fileURLToPath(new URL("../../src/compliance/detectors/warm-pool.ts", import.meta.url)),
      ).href;
      await writeFile(
        script,
        `
        import { Worker } from "node:worker_threads";
        import { WarmPool } from ${JSON.stringify(poolModule)};
        const launch = () => new Promise((resolve, reject) => {
          const worker = new Worker(${JSON.stringify(ECHO_WORKER)}, { eval: true });
          let onReply = () => resolve({ resource: { ask }, thread: worker, terminate: () => worker.terminate() });
          worker.on("message", (reply) => onReply(reply));
          worker.once("error", reject);
          const ask = (request) => new Promise((resolve) => {
            onReply = resolve;
            worker.postMessage(request);
          });
        });
        const pool = new WarmPool({ name: "Echo", size: 1, launch });
        // Never closed: an idle pool must not keep the process alive either.
        await new WarmPool({ name: "Idle", size: 1, launch }).warmUp();
        // Nothing but the busy worker keeps this top-level await alive.
        console.log(await pool.run((worker) => worker.ask({ value: "first", delayMs: 200 })));
        const report = (error) => console.log(error.message);
        const running = pool.run((worker) => worker.ask({ value: "never", delayMs: 60_000 })).catch(report);
        const queued = pool.run((worker) => worker.ask({ value: "never" })).catch(report);
        await new Promise((resolve) => setTimeout(resolve, 50));
        await pool.close();
        await Promise.all([running, queued]);
        `,
      );
      const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
      const { stdout } = await promisify(execFile)(process.execPath, ["--import", tsx, script], {
        timeout: 20_000,
      });
      expect(stdout.trim().split("\n")).toEqual(["first", "Echo pool is closed", "Echo pool is closed"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
