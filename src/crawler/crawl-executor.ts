import type { CrawlRun, CrawlTrigger } from "../ports/crawl-run-store.js";
import type { CrawlLimits, CrawlLog } from "./crawl-runner.js";
import type { Profile } from "./profile/profile-schema.js";
import type { SubmitPoster } from "./submit/submit-poster.js";

/** What a run is, as plain data that can cross to the child process. */
export interface CrawlJobSettings {
  runId: string;
  trigger: CrawlTrigger;
  dryRun: boolean;
  limits: CrawlLimits;
  userAgent: string;
  robotsAgent: string;
}

export function crawlJobSettings(job: CrawlJobSettings): CrawlJobSettings {
  const { runId, trigger, dryRun, limits, userAgent, robotsAgent } = job;
  return { runId, trigger, dryRun, limits, userAgent, robotsAgent };
}

/** One run as the crawl service asks for it, whatever process carries it out. */
export interface CrawlJob extends CrawlJobSettings {
  /** Cancels the run (shutdown, a lost lease). */
  signal: AbortSignal;
  /** The record so far, after pages. */
  onProgress: (run: CrawlRun) => void;
  log: CrawlLog;
  now: () => Date;
}

/**
 * Carries out one crawl and answers its final record; a crash of the browser or of the process it
 * runs in is recorded in that record, not thrown. Implementations: in this process with a browser
 * at hand (tests, benchmarks), or in a child process that holds no keys (serve, worker, crawl).
 */
export type CrawlExecutor = (profile: Profile, job: CrawlJob, submit: SubmitPoster) => Promise<CrawlRun>;
