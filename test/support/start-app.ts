import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compose, type Services } from "../../src/compose.js";
import { type Config, loadConfig } from "../../src/config.js";
import { buildApp } from "../../src/http/build-app.js";
import { createLogger } from "../../src/observability/logger.js";
import type { WorkerPool } from "../../src/services/worker-pool.js";

export interface RunningApp {
  url: string;
  dataDir: string;
  services: Services;
  pool: WorkerPool | undefined;
  config: Config;
  startWorkers(): void;
  stop(): Promise<void>;
}

/** The test settings: images are served from 127.0.0.2, which is allow-listed; 127.0.0.1 stays blocked. */
export function testEnv(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATA_DIR: dataDir,
    FETCH_ALLOWED_CIDRS: "127.0.0.2/32",
    FETCH_TIMEOUT_MS: "1500",
    FETCH_CONNECT_TIMEOUT_MS: "1000",
    LOG_LEVEL: "silent",
    // The image-metrics check only: the OCR and NSFW models have suites of their own.
    DETECTORS: "metrics",
    RETRY_BASE_SECONDS: "0.1",
    RETRY_MAX_SECONDS: "0.3",
    VISIBILITY_TIMEOUT_SECONDS: "5",
    ...extra,
  };
}

export function makeDataDir(): string {
  return mkdtempSync(join(tmpdir(), "posterguard-test-"));
}

/** The real server on a random loopback port, in this process. */
export async function startApp(
  options: { env?: Record<string, string>; workers?: boolean; dataDir?: string } = {},
): Promise<RunningApp> {
  const dataDir = options.dataDir ?? makeDataDir();
  const config = loadConfig(
    { ...testEnv(dataDir, options.env), POSTERGUARD_CONFIG: "/nonexistent" },
    { PORT: "0" },
  );
  const services = compose(config, createLogger(config.LOG_LEVEL));
  const app = await buildApp(services);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as AddressInfo;
  const running: RunningApp = {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    services,
    config,
    pool: undefined,
    startWorkers() {
      running.pool = services.createWorkerPool();
      running.pool.start();
    },
    async stop() {
      await app.close();
      await running.pool?.stop(5000);
      await services.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  if (options.workers !== false) running.startWorkers();
  return running;
}

export async function postJob(url: string, body: unknown) {
  const response = await fetch(`${url}/jobs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

export async function getJson(url: string) {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** Polls a job until it reaches one of the statuses. */
export async function waitForJob(url: string, jobId: string, statuses: string[], timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await getJson(`${url}/jobs/${jobId}`);
    if (statuses.includes(body.status)) return body;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${body.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
