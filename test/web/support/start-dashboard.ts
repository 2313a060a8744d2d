import { rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import type { AccessConfig } from "../../../src/auth/access-control.js";
import { checkBindAddress } from "../../../src/auth/bind-rule.js";
import { compose, type Services } from "../../../src/compose.js";
import { type Config, loadConfig } from "../../../src/config.js";
import { buildApp } from "../../../src/http/build-app.js";
import { createLogger } from "../../../src/observability/logger.js";
import type { WorkerPool } from "../../../src/services/worker-pool.js";
import { makeDataDir, testEnv } from "../../support/start-app.js";

export interface RunningDashboard {
  url: string;
  dataDir: string;
  services: Services;
  config: Config & AccessConfig;
  /** Every log line the server wrote. */
  logs: string[];
  /** What `serve` printed on stderr at start (the open-access notice). */
  notice?: string | undefined;
  pool: WorkerPool | undefined;
  startWorkers(): void;
  stop(): Promise<void>;
}

export interface DashboardOptions {
  env?: Record<string, string>;
  access?: AccessConfig;
  workers?: boolean;
  logLevel?: string;
}

/**
 * The real server with the dashboard on a random loopback port, started the way `serve` starts
 * it: compose, check the bind address, build the app, listen.
 */
export async function startDashboard(options: DashboardOptions = {}): Promise<RunningDashboard> {
  const dataDir = makeDataDir();
  const config: Config & AccessConfig = {
    ...loadConfig({ ...testEnv(dataDir, options.env), POSTERGUARD_CONFIG: "/nonexistent" }, { PORT: "0" }),
    ...options.access,
  };
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const services = compose(config, createLogger(options.logLevel ?? "silent", sink));
  const { notice } = checkBindAddress(config.HOST, services.access);
  await services.indexer.rebuildIfEmpty();
  const app = await buildApp(services);
  await app.listen({ port: 0, host: config.HOST });
  const { port } = app.server.address() as AddressInfo;
  const running: RunningDashboard = {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    services,
    config,
    logs,
    notice,
    pool: undefined,
    startWorkers() {
      running.pool = services.createWorkerPool();
      running.pool.start();
    },
    async stop() {
      await app.close();
      await running.pool?.stop(5000);
      await services.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  if (options.workers !== false) running.startWorkers();
  return running;
}
