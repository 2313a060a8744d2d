import { randomBytes } from "node:crypto";
import type { AgentModel } from "../crawler/agent/agent-model.js";
import type { OpenBrowser } from "../crawler/browser/launch-browser.js";
import type { CrawlSettings } from "../crawler/crawl-config.js";
import type { CrawlExecutor } from "../crawler/crawl-executor.js";
import type { CrawlLimits } from "../crawler/crawl-runner.js";
import type { NetworkFence } from "../crawler/fence/network-fence.js";
import { inProcessExecutor } from "../crawler/in-process-executor.js";
import type { ProfileSource } from "../crawler/profile/load-profile.js";
import type { Profile } from "../crawler/profile/profile-schema.js";
import type { SubmitPoster } from "../crawler/submit/submit-poster.js";
import { checkStartUrl } from "../crawler/url-guard.js";
import type { Clock } from "../ports/clock.js";
import {
  type CrawlRun,
  type CrawlRunFilter,
  type CrawlRunStore,
  type CrawlTrigger,
  emptyCrawlCounts,
} from "../ports/crawl-run-store.js";

export class CrawlAlreadyRunningError extends Error {
  override readonly name = "CrawlAlreadyRunningError";
  readonly code = "CRAWL_ALREADY_RUNNING";
}

/** This process only reads crawl runs; crawls start elsewhere (the crawler Lambda). */
export class CrawlsElsewhereError extends Error {
  override readonly name = "CrawlsElsewhereError";
  readonly code = "CRAWLS_RUN_ELSEWHERE";
}

export interface StartCrawlRequest {
  /** A platform with a profile… */
  platform?: string;
  /** …or one URL crawled with the generic profile (recorded under `platform`, else the host's slug). */
  url?: string;
  trigger: CrawlTrigger;
  dryRun?: boolean;
  limits?: Partial<CrawlLimits>;
  /** Where posters go instead of the service's own hand-off (the CLI's --api-url). */
  submit?: SubmitPoster;
}

interface ServiceLog {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface CrawlServiceDeps {
  runs: CrawlRunStore;
  profiles: ProfileSource;
  submit: SubmitPoster;
  /**
   * Where a run is carried out: a child process without keys (child-process-executor) for
   * servers, else in this process with a browser from `openBrowser` (tests, benchmarks).
   */
  executor?: CrawlExecutor;
  openBrowser?: OpenBrowser;
  settings: CrawlSettings;
  /** The vision model of agent steps (a child process asks this process to call it). */
  agent?: AgentModel;
  /**
   * The poster fetcher's address rules, for every run however it starts: the browser's traffic
   * goes through the run's proxy, robots.txt through a guarded fetch, API start URLs are checked.
   */
  fence: NetworkFence;
  clock: Clock;
  log: ServiceLog;
  newRunId: () => string;
  /** How long a platform's lease lasts without renewal (a crashed process frees it after this). */
  leaseSeconds?: number;
  /** How often the stored record of a running crawl is brought up to date. */
  progressEveryMs?: number;
}

/**
 * The seed's crawler flow as a use case: loads the profile, takes the platform's lease (one run
 * per platform at a time, across processes), crawls in a browser, hands posters to the job
 * creator and keeps the run record.
 */
export function createCrawlService(deps: CrawlServiceDeps) {
  const { runs, clock, log } = deps;
  const executor = deps.executor ?? inProcessExecutorOf(deps);
  const holder = `${process.pid}-${randomBytes(6).toString("hex")}`;
  const leaseMs = (deps.leaseSeconds ?? 60) * 1000;
  const active = new Map<string, { controller: AbortController; done: Promise<CrawlRun> }>();
  const starting = new Set<string>();
  const alreadyRunning = (platform: string) =>
    new CrawlAlreadyRunningError(`a crawl of ${platform} is already running`);

  function profileFor(request: StartCrawlRequest): Profile {
    if (request.url) return deps.profiles.generic(request.url, request.platform);
    if (!request.platform) throw new TypeError("a crawl needs a platform or a url");
    return deps.profiles.load(request.platform);
  }

  function limitsFor(profile: Profile, request: StartCrawlRequest): CrawlLimits {
    return {
      maxPages: request.limits?.maxPages ?? profile.limits.maxPages ?? deps.settings.maxPages,
      maxPosters: request.limits?.maxPosters ?? profile.limits.maxPosters ?? deps.settings.maxPosters,
      maxSeconds: request.limits?.maxSeconds ?? profile.limits.maxSeconds ?? deps.settings.maxSeconds,
    };
  }

  /** Starts a run and answers with its first record; the crawl goes on in the background. */
  async function start(request: StartCrawlRequest): Promise<{ run: CrawlRun; done: Promise<CrawlRun> }> {
    const profile = profileFor(request);
    if (request.url && request.trigger === "api") await checkStartUrl(deps.fence, request.url);
    const platform = profile.platform;
    // Claimed before the first await, so two starts in this process cannot both pass the check.
    if (active.has(platform) || starting.has(platform)) throw alreadyRunning(platform);
    starting.add(platform);
    try {
      return await begin(profile, request);
    } finally {
      starting.delete(platform);
    }
  }

  async function begin(profile: Profile, request: StartCrawlRequest) {
    const platform = profile.platform;
    const now = clock.now();
    if (!(await runs.acquireLease(platform, holder, new Date(now.getTime() + leaseMs), now))) {
      throw alreadyRunning(platform);
    }
    const run: CrawlRun = {
      runId: deps.newRunId(),
      platform,
      trigger: request.trigger,
      dryRun: request.dryRun ?? false,
      status: "RUNNING",
      startUrls: profile.startUrls,
      startedAt: now.toISOString(),
      counts: emptyCrawlCounts(),
      errors: [],
      posters: [],
    };
    try {
      await runs.save(run);
    } catch (error) {
      await runs.releaseLease(platform, holder);
      throw error;
    }
    const controller = new AbortController();
    const done = execute(profile, request, run, controller).finally(() => active.delete(platform));
    active.set(platform, { controller, done });
    log.info({ runId: run.runId, platform, trigger: run.trigger, dryRun: run.dryRun }, "crawl started");
    return { run, done };
  }

  async function execute(
    profile: Profile,
    request: StartCrawlRequest,
    first: CrawlRun,
    controller: AbortController,
  ) {
    const signal = controller.signal;
    let leaseLost = false;
    const renew = setInterval(() => {
      runs
        .renewLease(profile.platform, holder, new Date(clock.now().getTime() + leaseMs))
        .then((held) => {
          if (held || leaseLost) return;
          // Another process took the platform over (this one stalled past its lease): this run yields.
          leaseLost = true;
          log.warn({ platform: profile.platform, runId: first.runId }, "crawl lease lost; stopping this run");
          controller.abort();
        })
        .catch((error) =>
          log.error({ err: error, platform: profile.platform }, "could not renew the crawl lease"),
        );
    }, leaseMs / 3);
    renew.unref();
    let lastSaved = 0;
    // Progress writes go one after another, so none lands after the final record.
    let saving: Promise<void> = Promise.resolve();
    const progressEveryMs = deps.progressEveryMs ?? 2000;
    let finished: CrawlRun;
    try {
      finished = await executor(
        profile,
        {
          runId: first.runId,
          trigger: first.trigger,
          dryRun: first.dryRun,
          limits: limitsFor(profile, request),
          userAgent: deps.settings.userAgent,
          robotsAgent: deps.settings.robotsAgent,
          signal,
          log: deps.log,
          now: () => clock.now(),
          onProgress: (progress) => {
            if (Date.now() - lastSaved < progressEveryMs) return;
            lastSaved = Date.now();
            saving = saving
              .then(() => runs.save({ ...progress, startedAt: first.startedAt }))
              .catch(() => {});
          },
        },
        request.submit ?? deps.submit,
      );
      finished = { ...finished, startedAt: first.startedAt };
    } catch (error) {
      const at = clock.now().toISOString();
      finished = {
        ...first,
        status: "FAILED",
        finishedAt: at,
        errors: [
          {
            kind: "run",
            url: first.startUrls[0] ?? "",
            code: (error as { code?: string }).code ?? "CRAWL_FAILED",
            reason: (error as Error).message,
            at,
          },
        ],
      };
      finished.counts = { ...first.counts, errors: 1 };
    } finally {
      clearInterval(renew);
    }
    if (leaseLost) {
      const at = clock.now().toISOString();
      const reason = "another process took this platform's lease; this run stopped";
      const url = first.startUrls[0] ?? "";
      finished.errors = [...finished.errors, { kind: "run", url, code: "LEASE_LOST", reason, at }];
      finished.counts = { ...finished.counts, errors: finished.errors.length };
    }
    try {
      await saving;
      await runs.save(finished);
    } finally {
      await runs.releaseLease(profile.platform, holder);
    }
    log.info(
      {
        runId: finished.runId,
        platform: finished.platform,
        status: finished.status,
        counts: finished.counts,
      },
      "crawl finished",
    );
    return finished;
  }

  return {
    start: async (request: StartCrawlRequest) => (await start(request)).run,
    /** Starts a run and answers with its first record and the promise of its last. */
    launch: start,
    /** Runs a crawl to its end and answers with the final record. */
    run: async (request: StartCrawlRequest) => (await start(request)).done,
    get: (runId: string) => runs.get(runId),
    list: (filter: CrawlRunFilter) => runs.list(filter),
    /** Platforms this process is crawling now. */
    running: () => [...active.keys()],
    /** Cancels every running crawl and waits for their records to be written. */
    async close(): Promise<void> {
      for (const { controller } of active.values()) controller.abort();
      await Promise.allSettled([...active.values()].map((a) => a.done));
    },
  };
}

export type CrawlService = ReturnType<typeof createCrawlService>;

function inProcessExecutorOf(deps: CrawlServiceDeps): CrawlExecutor {
  if (!deps.openBrowser) throw new TypeError("the crawl service needs an executor or a browser to open");
  return inProcessExecutor({
    openBrowser: deps.openBrowser,
    fence: deps.fence,
    ...(deps.agent ? { agent: deps.agent } : {}),
  });
}
