import { FaultImageServer } from "./fault-image-server.js";
import { Fleet, freePort } from "./fleet.js";
import { waitUntilSettled } from "./list-jobs.js";
import { prng } from "./prng.js";
import { openSoakBackend } from "./soak-backend.js";
import { checkSoak, type SoakFindings } from "./soak-checks.js";
import { type Answer, submit } from "./soak-client.js";
import { type FaultLog, injectFaults } from "./soak-faults.js";
import { planSubmissions, SOAK_PLATFORM } from "./soak-inputs.js";
import type { BackendName, SoakOptions } from "./soak-options.js";

export interface SoakReport extends Omit<SoakFindings, "failures"> {
  backend: BackendName;
  settings: {
    posters: number;
    faults: number;
    seed: number;
    rate: number;
    workers: number;
    faultKinds: string[];
  };
  requests: number;
  /** Requests that needed more than one attempt, and the extra attempts they took. */
  retried: number;
  retryAttempts: number;
  faults: FaultLog["byKind"];
  corruption?: string;
  imageFaultsMet: FaultImageServer["met"];
  drained: boolean;
  seconds: { submitting: number; draining: number; total: number };
  ok: boolean;
  failures: string[];
}

/** At most this many requests open at once, whatever the rate. */
const MAX_IN_FLIGHT = 64;

/** One soak on one backend: everything it starts is stopped before it returns or throws. */
export async function runSoak(
  backendName: BackendName,
  options: Omit<SoakOptions, "backends" | "fuzz">,
  settings: { nodeArgs: string[]; progress?: (line: string) => void },
): Promise<SoakReport> {
  const started = Date.now();
  const random = prng(options.seed);
  const progress = settings.progress ?? (() => undefined);
  const images = await new FaultImageServer().start();
  const backend = await openSoakBackend(backendName).catch(async (error) => {
    await images.stop();
    throw error;
  });
  let fleet: Fleet | undefined;
  try {
    const closedPort = await freePort();
    progress(`generating ${options.posters} posters`);
    const plan = await planSubmissions({
      posters: options.posters,
      seed: options.seed,
      random,
      images,
      closedPort,
    });
    fleet = new Fleet(
      {
        nodeArgs: settings.nodeArgs,
        workers: options.workers,
        workerConcurrency: 2,
        env: {
          ...backend.env,
          FETCH_ALLOWED_CIDRS: "127.0.0.2/32",
          FETCH_TIMEOUT_MS: "5000",
          FETCH_CONNECT_TIMEOUT_MS: "1000",
          LOG_LEVEL: "error",
          DETECTORS: "metrics",
          RETRY_BASE_SECONDS: "0.1",
          RETRY_MAX_SECONDS: "0.3",
          VISIBILITY_TIMEOUT_SECONDS: "5",
          SHUTDOWN_GRACE_SECONDS: "3",
          CRAWL_SCHEDULE: "off",
          BODY_LIMIT_BYTES: String(64 * 1024),
        },
      },
      await freePort(),
    );
    progress(`starting the server and ${options.workers} workers on ${backendName}`);
    await fleet.start();
    const live = fleet;

    const spanMs = (plan.length / options.rate) * 1000;
    let next = 0;
    const faults = injectFaults({
      count: options.faults,
      kinds: options.faultKinds,
      spanMs,
      random,
      fleet: live,
      backend,
      images,
      upcomingPath: () =>
        plan.slice(next + 5, next + 60).find((s) => s.kind !== "bad" && s.path && !images.wasFaulted(s.path))
          ?.path,
    });
    progress(`submitting ${plan.length} requests at ${options.rate}/s with ${options.faults} faults`);
    const answers: Promise<Answer>[] = [];
    let open = 0;
    const submitStart = Date.now();
    for (; next < plan.length; next++) {
      const due = submitStart + (next * 1000) / options.rate;
      while (open >= MAX_IN_FLIGHT || Date.now() < due) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.min(20, due - Date.now()))));
      }
      open += 1;
      answers.push(submit(live.url, plan[next] as (typeof plan)[number]).finally(() => (open -= 1)));
      if (next % 500 === 0 && next > 0) progress(`${next} submitted`);
    }
    const answered = await Promise.all(answers);
    const faultLog = await faults;
    const submitSeconds = (Date.now() - submitStart) / 1000;
    progress(`all answered; draining (at most ${options.drainSeconds} s)`);
    const drainStart = Date.now();
    const drained = await waitUntilSettled(
      live.url,
      SOAK_PLATFORM,
      options.drainSeconds * 1000,
      faultLog.corruptedJobId,
    );
    const objects = await backend.listPosterObjects();
    const findings = checkSoak({
      answers: answered,
      jobs: drained.jobs,
      objects,
      unexpectedExits: live.unexpectedExits,
      ...(faultLog.corruptedJobId ? { corruptedJobId: faultLog.corruptedJobId } : {}),
    });
    const failures = [...findings.failures];
    if (!drained.settled) failures.push(`not drained within ${options.drainSeconds} s`);
    if (answered.some((a) => a.serverErrors.length > 0)) {
      failures.push(`server log: ${live.serverLog().slice(-5).join(" | ").slice(0, 2000)}`);
    }
    return {
      backend: backendName,
      settings: {
        posters: options.posters,
        faults: options.faults,
        seed: options.seed,
        rate: options.rate,
        workers: options.workers,
        faultKinds: [...options.faultKinds],
      },
      requests: answered.length,
      retried: answered.filter((a) => a.retries > 0).length,
      retryAttempts: answered.reduce((sum, a) => sum + a.retries, 0),
      faults: faultLog.byKind,
      ...(faultLog.corruption ? { corruption: faultLog.corruption } : {}),
      imageFaultsMet: { ...images.met },
      ...findings,
      drained: drained.settled,
      seconds: {
        submitting: round(submitSeconds),
        draining: round((Date.now() - drainStart) / 1000),
        total: round((Date.now() - started) / 1000),
      },
      ok: failures.length === 0 && findings.jobs.lost === 0 && findings.jobs.duplicated === 0,
      failures,
    };
  } finally {
    await fleet?.stop();
    await images.stop();
    await backend.close();
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
