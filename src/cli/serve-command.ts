import { checkBindAddress } from "../auth/bind-rule.js";
import { compose } from "../compose.js";
import type { Config } from "../config.js";
import { buildApp } from "../http/build-app.js";
import type { SchedulerStart } from "../services/crawl-scheduler.js";
import type { WorkerPool } from "../services/worker-pool.js";
import { untilSignal } from "./run-until-signal.js";
import { startSweeping } from "./start-sweeping.js";

const RECONCILE_EVERY_MS = 10_000;

/** `posterguard serve`: the API, and a worker pool unless its concurrency is 0. */
export async function serveCommand(config: Config): Promise<number> {
  const services = compose(config);
  let notice: string | undefined;
  try {
    // Without API keys only a loopback address may be bound; anything else refuses to start.
    notice = checkBindAddress(config.HOST, services.access).notice;
  } catch (error) {
    await services.close();
    throw error;
  }
  // Listen for SIGTERM before announcing anything: a supervisor may stop the server the moment
  // it reads the first line, and an unhandled SIGTERM would kill it without shutting down.
  const stopRequested = untilSignal();
  await services.indexer.rebuildIfEmpty();
  const app = await buildApp(services);
  await app.listen({ port: config.PORT, host: config.HOST });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  const pool = config.WORKER_CONCURRENCY > 0 ? services.createWorkerPool() : undefined;
  pool?.start();
  const reconcile = startReconciling(services.deadLetters.reconcile, services.log);
  const sweep = startSweeping(services);
  const indexSync = startFollowingJobStore(() => services.indexer.syncChanges(), services.log);
  // CRAWL_SCHEDULE=off leaves crawls to the API, the dashboard and `posterguard crawl`;
  // CRAWL_IN_PROCESS=false to another process altogether.
  // The scheduler marks runs a dead process left RUNNING; without it, serve does that itself.
  let crawling: SchedulerStart | undefined;
  if (config.CRAWL_SCHEDULE === "off" || !config.CRAWL_IN_PROCESS) {
    await services.crawlRuns.markInterrupted(services.clock.now());
  } else crawling = await services.crawlScheduler.start();
  process.stderr.write(
    `PosterGuard listening on http://${config.HOST}:${port}  (dashboard: /, API docs: /docs, ` +
      `data: ${config.DATA_DIR}, workers: ${config.WORKER_CONCURRENCY})\n`,
  );
  if (notice) process.stderr.write(`PosterGuard: ${notice}\n`);
  if (crawling && crawling.scheduled.length > 0) {
    const platforms = crawling.scheduled.map((s) => `${s.platform} (${s.cron})`).join(", ");
    process.stderr.write(`PosterGuard: crawling on schedule: ${platforms}\n`);
  }
  const signal = await stopRequested;
  services.log.info({ signal }, "shutting down: no new requests or jobs");
  clearInterval(reconcile);
  clearInterval(sweep);
  clearInterval(indexSync);
  await app.close();
  await drain(pool, config);
  await services.close();
  services.log.info("stopped");
  return 0;
}

export async function drain(pool: WorkerPool | undefined, config: Config): Promise<void> {
  await pool?.stop(config.SHUTDOWN_GRACE_SECONDS * 1000);
}

const INDEX_SYNC_EVERY_MS = 3_000;

/** Jobs written by other processes (workers, crawlers, other servers) reach this dashboard. */
function startFollowingJobStore(
  syncChanges: () => Promise<unknown>,
  log: { error: (o: object, m: string) => void },
) {
  const timer = setInterval(() => {
    syncChanges().catch((error) => log.error({ err: error }, "poster index sync failed"));
  }, INDEX_SYNC_EVERY_MS);
  timer.unref();
  return timer;
}

export function startReconciling(
  reconcile: () => Promise<number>,
  log: { error: (o: object, m: string) => void },
) {
  const timer = setInterval(() => {
    reconcile().catch((error) => log.error({ err: error }, "dead-letter reconciliation failed"));
  }, RECONCILE_EVERY_MS);
  timer.unref();
  return timer;
}
