import { compose } from "../compose.js";
import type { Config } from "../config.js";
import { untilSignal } from "./run-until-signal.js";
import { drain, startReconciling } from "./serve-command.js";
import { startSweeping } from "./start-sweeping.js";

/** `posterguard worker`: only the worker pool, for a second process or machine. */
export async function workerCommand(config: Config): Promise<number> {
  const services = compose(config);
  const pool = services.createWorkerPool(Math.max(1, config.WORKER_CONCURRENCY));
  pool.start();
  const reconcile = startReconciling(services.deadLetters.reconcile, services.log);
  const sweep = startSweeping(services);
  process.stderr.write(
    `PosterGuard worker running (concurrency ${Math.max(1, config.WORKER_CONCURRENCY)})\n`,
  );
  const signal = await untilSignal();
  services.log.info({ signal }, "shutting down: no new jobs");
  clearInterval(reconcile);
  clearInterval(sweep);
  await drain(pool, config);
  await services.close();
  return 0;
}
