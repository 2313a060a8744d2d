import { Cron } from "croner";
import type { ProfileSource } from "../crawler/profile/load-profile.js";
import type { Clock } from "../ports/clock.js";
import type { CrawlRunStore } from "../ports/crawl-run-store.js";
import { CrawlAlreadyRunningError, type CrawlService } from "./run-crawl.js";

interface SchedulerLog {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface CrawlSchedulerDeps {
  crawls: Pick<CrawlService, "start">;
  runs: CrawlRunStore;
  profiles: ProfileSource;
  /** The cron of platforms whose profile sets none; `off` schedules nothing. */
  defaultSchedule: string;
  clock: Clock;
  log: SchedulerLog;
  /** Cron time zone (IANA name); the machine's when absent. */
  timezone?: string;
}

export interface ScheduledPlatform {
  platform: string;
  cron: string;
  nextRun: string | undefined;
}

export interface SchedulerStart {
  scheduled: ScheduledPlatform[];
  /** Platforms whose due run was missed while no scheduler was up, started now. */
  caughtUp: string[];
  /** Runs left RUNNING by a process that died, now marked INTERRUPTED. */
  interrupted: number;
}

/**
 * Crawls every platform on its cron (every 6 hours by default). A tick while the platform is
 * still being crawled (here or in another process) is skipped; a run missed while the server was
 * down starts at the next start-up, judged from the platform's last run.
 */
export function createCrawlScheduler(deps: CrawlSchedulerDeps) {
  const { log } = deps;
  const jobs = new Map<string, Cron>();

  async function launch(platform: string, trigger: "schedule" | "catch-up"): Promise<boolean> {
    try {
      const run = await deps.crawls.start({ platform, trigger });
      log.info({ platform, runId: run.runId, trigger }, "scheduled crawl started");
      return true;
    } catch (error) {
      if (error instanceof CrawlAlreadyRunningError) {
        log.info({ platform, trigger }, "scheduled crawl skipped: this platform is still being crawled");
      } else {
        log.error({ err: error, platform, trigger }, "scheduled crawl could not start");
      }
      return false;
    }
  }

  function cronFor(platform: string): string | undefined {
    try {
      const schedule = deps.profiles.load(platform).schedule ?? deps.defaultSchedule;
      return schedule === "off" ? undefined : schedule;
    } catch (error) {
      log.error({ err: error, platform }, "crawl profile not scheduled: it does not load");
      return undefined;
    }
  }

  return {
    async start(): Promise<SchedulerStart> {
      const interrupted = await deps.runs.markInterrupted(deps.clock.now());
      const scheduled: ScheduledPlatform[] = [];
      const caughtUp: string[] = [];
      for (const platform of deps.profiles.platforms()) {
        const pattern = cronFor(platform);
        if (!pattern) continue;
        let job: Cron;
        try {
          job = new Cron(
            pattern,
            { protect: true, unref: true, ...(deps.timezone ? { timezone: deps.timezone } : {}) },
            () => void launch(platform, "schedule"),
          );
        } catch (error) {
          log.error({ err: error, platform, cron: pattern }, "crawl not scheduled: invalid cron");
          continue;
        }
        jobs.set(platform, job);
        scheduled.push({ platform, cron: pattern, nextRun: job.nextRun()?.toISOString() });
        const last = await deps.runs.lastRun(platform);
        const due = last ? job.nextRun(new Date(last.startedAt)) : null;
        if (due && due.getTime() <= deps.clock.now().getTime() && (await launch(platform, "catch-up"))) {
          caughtUp.push(platform);
        }
      }
      log.info({ scheduled, caughtUp, interrupted }, "crawl scheduler started");
      return { scheduled, caughtUp, interrupted };
    },
    scheduled(): ScheduledPlatform[] {
      return [...jobs.entries()].map(([platform, job]) => ({
        platform,
        cron: job.getPattern() ?? "",
        nextRun: job.nextRun()?.toISOString(),
      }));
    },
    stop(): void {
      for (const job of jobs.values()) job.stop();
      jobs.clear();
    },
  };
}

export type CrawlScheduler = ReturnType<typeof createCrawlScheduler>;
