import type Database from "better-sqlite3";
import type { Logger } from "pino";
import { SqliteCrawlRunStore } from "./adapters/embedded/sqlite-crawl-run-store.js";
import type { Config } from "./config.js";
import { crawlAgentOf } from "./crawler/agent/agent-from-config.js";
import { childProcessExecutor } from "./crawler/child/child-process-executor.js";
import { crawlSettingsOf } from "./crawler/crawl-config.js";
import { crawlConsole } from "./crawler/dashboard-console.js";
import { createNetworkFence } from "./crawler/fence/network-fence.js";
import { ProfileSource } from "./crawler/profile/load-profile.js";
import { inProcessSubmitter } from "./crawler/submit/submit-poster.js";
import { newUlid } from "./ids/new-ulid.js";
import type { Clock } from "./ports/clock.js";
import type { CrawlRunStore } from "./ports/crawl-run-store.js";
import { createCrawlScheduler } from "./services/crawl-scheduler.js";
import type { CreateJobRequest, CreateJobResponse } from "./services/create-job.js";
import { type CrawlService, CrawlsElsewhereError, createCrawlService } from "./services/run-crawl.js";

interface CrawlerDeps {
  createJob: { createJob(request: CreateJobRequest): Promise<CreateJobResponse> };
  /** Where runs are kept when no other store is given (the embedded database). */
  db: Database.Database;
  runs?: CrawlRunStore;
  clock: Clock;
  log: Logger;
}

/**
 * The crawler beside the core services: each run crawls in a child process of its own (its own
 * Chromium, no keys), posters come back to this process's job creator, and the scheduler is built
 * but not started (only `serve` and the crawler Lambda run crawls on their own).
 */
export function composeCrawler(config: Config, deps: CrawlerDeps) {
  const settings = crawlSettingsOf(config);
  const profiles = new ProfileSource(settings.profilesDir);
  const runs = deps.runs ?? new SqliteCrawlRunStore(deps.db);
  const agent = crawlAgentOf(config);
  const fenceRules = {
    allowPrivate: config.FETCH_ALLOW_PRIVATE,
    allowedCidrs: [...config.FETCH_ALLOWED_CIDRS],
  };
  // Each run's browser in a child process that holds no keys and no database (README, Crawling catalogs).
  const children = childProcessExecutor({
    browser: { executablePath: settings.chromiumPath, sandbox: settings.chromiumSandbox ?? "auto" },
    fence: fenceRules,
    ...(agent ? { agent } : {}),
  });
  const service = createCrawlService({
    runs,
    profiles,
    submit: inProcessSubmitter(deps.createJob),
    executor: children.execute,
    settings,
    fence: createNetworkFence(fenceRules),
    clock: deps.clock,
    log: deps.log.child({ component: "crawler" }),
    newRunId: newUlid,
    ...(agent ? { agent } : {}),
  });
  const crawler = config.CRAWL_IN_PROCESS ? service : readOnly(service);
  const scheduler = createCrawlScheduler({
    crawls: crawler,
    runs,
    profiles,
    defaultSchedule: settings.schedule,
    ...(settings.timezone ? { timezone: settings.timezone } : {}),
    clock: deps.clock,
    log: deps.log.child({ component: "crawl-scheduler" }),
  });
  return {
    crawler,
    /** The crawl children now running (their pids and their browsers'). */
    crawlChildren: children.children,
    crawlRuns: runs,
    profiles,
    scheduler,
    console: crawlConsole(crawler, profiles, { canStart: config.CRAWL_IN_PROCESS }),
  };
}

/** The crawl service of a process that only reads runs: every start is refused. */
function readOnly(service: CrawlService): CrawlService {
  const refuse = async (): Promise<never> => {
    throw new CrawlsElsewhereError(
      "crawls do not run in this process (CRAWL_IN_PROCESS=false): they run on the crawler's schedule, " +
        "or start one with `aws lambda invoke` on the crawler function",
    );
  };
  return { ...service, start: refuse, launch: refuse, run: refuse };
}
