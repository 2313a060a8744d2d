/** What started a crawl run. */
export type CrawlTrigger = "api" | "cli" | "schedule" | "catch-up";

export type CrawlStatus = "RUNNING" | "COMPLETED" | "FAILED" | "INTERRUPTED";

/** Why a run ended before its catalog was exhausted. */
export type CrawlStopReason = "maxPages" | "maxPosters" | "maxSeconds" | "cancelled";

export interface CrawlCounts {
  /** Distinct posters found (by poster URL), within the poster cap. */
  discovered: number;
  /** Handed to the job creator and accepted as a new job. */
  submitted: number;
  /** Answered from the cache: the poster already has a verdict. */
  cached: number;
  /** The poster was already queued or being checked (an earlier sighting). */
  inFlight: number;
  /** Every entry of `errors`. */
  errors: number;
  /** Pages opened (catalog and detail pages), retries not counted. */
  pages: number;
  /** Page loads that failed and were tried again. */
  retries: number;
  /** Pages, images and links left alone because robots.txt disallows them. */
  blocked: number;
}

/** The counts of a run that has found nothing yet. */
export function emptyCrawlCounts(): CrawlCounts {
  return { discovered: 0, submitted: 0, cached: 0, inFlight: 0, errors: 0, pages: 0, retries: 0, blocked: 0 };
}

/** `blocked`: a request or tunnel of the browser that the crawl's address policy refused. */
export type CrawlErrorKind = "page" | "poster" | "robots" | "agent" | "run" | "blocked";

export interface CrawlError {
  kind: CrawlErrorKind;
  /** The page, poster or robots.txt URL concerned. */
  url: string;
  /** Machine-readable, e.g. HTTP_500, NAVIGATION_TIMEOUT, FETCH_FAILED, NOT_AN_IMAGE, AGENT_BUDGET. */
  code: string;
  reason: string;
  attempts?: number;
  at: string;
}

export type PosterOutcome = "submitted" | "cached" | "in_flight" | "error" | "dry_run" | "not_submitted";

export interface CrawledPoster {
  posterUrl: string;
  /** The title's detail page when known, else the catalog page it was seen on. */
  pageUrl: string;
  title?: string;
  outcome: PosterOutcome;
  jobId?: string;
}

export interface AgentActionRecord {
  /** The model's answer as it came (trimmed). */
  answer: string;
  /** ok: carried out; rejected: not an allowed action (nothing done); failed: allowed but the page refused. */
  outcome: "ok" | "done" | "rejected" | "failed";
  detail?: string;
}

/** One natural-language step of a profile, as a vision model carried it out on one page. */
export interface AgentStepReport {
  pageUrl: string;
  step: string;
  completed: boolean;
  actions: AgentActionRecord[];
}

/** Where a run's browser ran, and whether Chromium had its sandbox. */
export interface CrawlBrowserInfo {
  /** `child`: a process of its own, without the server's keys or database; `in-process`: a lent browser (tests, benchmarks). */
  process: "child" | "in-process";
  /** Unknown for a browser someone else launched. */
  sandboxed?: boolean;
  /** Why Chromium ran without its sandbox. */
  sandboxReason?: string;
}

export interface CrawlRun {
  runId: string;
  platform: string;
  trigger: CrawlTrigger;
  dryRun: boolean;
  status: CrawlStatus;
  startUrls: string[];
  startedAt: string;
  finishedAt?: string;
  stoppedBy?: CrawlStopReason;
  counts: CrawlCounts;
  errors: CrawlError[];
  posters: CrawledPoster[];
  agentSteps?: AgentStepReport[];
  browser?: CrawlBrowserInfo;
}

/** A run without its poster list, as listings show it. */
export type CrawlRunSummary = Omit<CrawlRun, "posters">;

export interface CrawlRunFilter {
  platform?: string;
  limit: number;
  cursor?: string;
}

export interface CrawlRunPage {
  items: CrawlRunSummary[];
  nextCursor?: string;
}

/**
 * Crawl run records and the per-platform lease that keeps two runs of one platform apart,
 * also across processes sharing the store.
 */
export interface CrawlRunStore {
  /** Writes the whole record, inserting or replacing it. */
  save(run: CrawlRun): Promise<void>;
  get(runId: string): Promise<CrawlRun | undefined>;
  /** Newest first. */
  list(filter: CrawlRunFilter): Promise<CrawlRunPage>;
  /** The run of this platform that started last, if any. */
  lastRun(platform: string): Promise<CrawlRunSummary | undefined>;

  /** Takes the platform's lease unless another holder has one that has not expired. */
  acquireLease(platform: string, holder: string, until: Date, now: Date): Promise<boolean>;
  /** Extends a lease the holder still has; false when it was lost. */
  renewLease(platform: string, holder: string, until: Date): Promise<boolean>;
  releaseLease(platform: string, holder: string): Promise<void>;
  /** Marks RUNNING runs whose platform holds no live lease INTERRUPTED (their process died). */
  markInterrupted(now: Date): Promise<number>;
  close(): Promise<void>;
}
