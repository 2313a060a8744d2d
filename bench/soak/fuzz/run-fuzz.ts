import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Child, startChild } from "../child-process.js";
import { FaultImageServer } from "../fault-image-server.js";
import { freePort } from "../fleet.js";
import { prng } from "../prng.js";
import { type FuzzCase, fuzzCases } from "./fuzz-cases.js";
import { fuzzImages } from "./fuzz-images.js";
import { type RawAnswer, sendRaw } from "./send-raw.js";

export interface FuzzReport {
  seed: number;
  cases: number;
  byCategory: Record<string, { cases: number; statuses: Record<string, number> }>;
  /** Answers that were neither a 2xx nor a 4xx with {error:{code,message}}. */
  failures: { name: string; status: number; body: string }[];
  /** What each hostile image got: status and error code. */
  images: Record<string, string>;
  serverAlive: boolean;
  healthz: number;
  jobsLeftUnsettled: number;
  peakRssMiB: number;
  rssBoundMiB: number;
  seconds: number;
  ok: boolean;
}

/** The server's RSS may not pass this, decoding included. */
export const RSS_BOUND_MIB = 1536;
const PARALLEL = 4;

/**
 * Sends `cases` fuzzed requests (bodies, headers, URLs, hostile images behind the URLs) to a
 * `posterguard serve` child with one in-process worker, then checks it is alive and healthy and
 * that its peak RSS stayed under the bound.
 */
export async function runFuzz(options: {
  cases: number;
  seed: number;
  nodeArgs: string[];
  progress?: (line: string) => void;
}): Promise<FuzzReport> {
  const started = Date.now();
  const progress = options.progress ?? (() => undefined);
  const random = prng(options.seed);
  const dataDir = mkdtempSync(join(tmpdir(), "posterguard-fuzz-"));
  const images = await new FaultImageServer().start();
  let server: Child | undefined;
  try {
    const paths: string[] = [];
    for (const image of await fuzzImages()) {
      images.set(`/fuzz/${image.name}`, image.bytes, image.contentType);
      paths.push(`/fuzz/${image.name}`);
    }
    const port = await freePort();
    server = startChild([...options.nodeArgs, "serve"], {
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      FETCH_ALLOWED_CIDRS: "127.0.0.2/32",
      FETCH_TIMEOUT_MS: "3000",
      FETCH_CONNECT_TIMEOUT_MS: "1000",
      LOG_LEVEL: "error",
      DETECTORS: "metrics",
      WORKER_CONCURRENCY: "1",
      RETRY_BASE_SECONDS: "0.1",
      RETRY_MAX_SECONDS: "0.3",
      CRAWL_SCHEDULE: "off",
    });
    await server.waitForLine((line) => line.includes("listening on"), 90_000);
    const origin = `http://127.0.0.1:${port}`;
    const cases = fuzzCases(random, options.cases, images.origin, paths);
    progress(`fuzzing with ${cases.length} cases`);
    const answers: { fuzz: FuzzCase; answer: RawAnswer }[] = [];
    for (let i = 0; i < cases.length; i += PARALLEL) {
      const batch = cases.slice(i, i + PARALLEL);
      answers.push(
        ...(await Promise.all(
          batch.map(async (fuzz) => ({ fuzz, answer: await sendRaw(origin, fuzz.request) })),
        )),
      );
    }
    const settled = await waitForQueue(origin, 60_000);
    const health = await sendRaw(origin, { method: "GET", path: "/healthz", headers: {} });
    const serverAlive = server.child.exitCode === null && server.child.signalCode === null;
    const peakRssMiB = peakRss(server.child.pid);
    const failures = answers
      .filter(({ fuzz, answer }) => !isClearAnswer(fuzz, answer))
      .map(({ fuzz, answer }) => ({
        name: fuzz.name.slice(0, 120),
        status: answer.status,
        body: "body" in answer ? answer.body.slice(0, 300) : answer.error,
      }));
    const byCategory: FuzzReport["byCategory"] = {};
    for (const { fuzz, answer } of answers) {
      const entry = byCategory[fuzz.category] ?? { cases: 0, statuses: {} };
      byCategory[fuzz.category] = entry;
      entry.cases += 1;
      entry.statuses[answer.status] = (entry.statuses[answer.status] ?? 0) + 1;
    }
    const imageOutcomes: Record<string, string> = {};
    for (const { fuzz, answer } of answers) {
      if (fuzz.category !== "image") continue;
      const code = "body" in answer ? /"code":"([A-Z_]+)"/.exec(answer.body)?.[1] : answer.error;
      imageOutcomes[fuzz.name.replace("image /fuzz/", "")] = `${answer.status}${code ? ` ${code}` : ""}`;
    }
    return {
      seed: options.seed,
      cases: answers.length,
      byCategory,
      failures,
      images: imageOutcomes,
      serverAlive,
      healthz: health.status,
      jobsLeftUnsettled: settled,
      peakRssMiB,
      rssBoundMiB: RSS_BOUND_MIB,
      seconds: Math.round((Date.now() - started) / 100) / 10,
      ok: failures.length === 0 && serverAlive && health.status === 200 && peakRssMiB < RSS_BOUND_MIB,
    };
  } finally {
    await server?.stop(3000);
    await images.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A 2xx, or a 4xx that says what was wrong as {error:{code,message}}. */
function isClearAnswer(fuzz: FuzzCase, answer: RawAnswer): boolean {
  if (answer.status === 0 || answer.status >= 500) return false;
  let body: { jobId?: unknown; error?: { code?: unknown; message?: unknown } } | undefined;
  try {
    body = JSON.parse("body" in answer ? answer.body : "");
  } catch {
    return false;
  }
  if (answer.status < 300) return fuzz.request.method !== "POST" || typeof body?.jobId === "string";
  return (
    answer.status < 500 && typeof body?.error?.code === "string" && typeof body.error.message === "string"
  );
}

/** Waits for the worker to empty the queue; returns the messages still there. */
async function waitForQueue(origin: string, boundMs: number): Promise<number> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    const answer = await sendRaw(origin, { method: "GET", path: "/healthz", headers: {} });
    const queue =
      "body" in answer
        ? (JSON.parse(answer.body || "{}").queue as Record<string, number> | undefined)
        : undefined;
    const left = queue ? (queue.visible ?? 0) + (queue.inFlight ?? 0) + (queue.delayed ?? 0) : -1;
    if (left === 0 || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The process's peak resident set (VmHWM), in MiB; 0 where /proc cannot tell. */
function peakRss(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}
