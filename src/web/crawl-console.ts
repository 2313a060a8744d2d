/** One crawler run as the dashboard lists it. */
export interface CrawlRunSummary {
  runId: string;
  platform: string;
  status: "running" | "succeeded" | "failed";
  startedAt: string;
  finishedAt?: string;
  discovered: number;
  submitted: number;
  cached: number;
  errors: number;
  lastError?: string;
}

/**
 * What the dashboard needs from the crawler: its runs, the platforms it knows, and a way to
 * start one. Optional: without it the Crawls page says the crawler is not configured.
 */
export interface CrawlConsole {
  platforms(): string[];
  listRuns(limit: number): Promise<CrawlRunSummary[]>;
  start(platform: string): Promise<{ runId: string }>;
}
