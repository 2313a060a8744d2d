import { ulid } from "ulid";
import type { CrawlConsole, CrawlRunSummary } from "../../../src/web/crawl-console.js";

/**
 * A stand-in for the crawler (not part of this build yet) behind the dashboard's CrawlConsole
 * port: it keeps the runs it is given and records the ones the dashboard starts.
 */
export class RecordedCrawlConsole implements CrawlConsole {
  readonly started: string[] = [];

  constructor(
    private readonly runs: CrawlRunSummary[],
    private readonly known: string[],
  ) {}

  platforms(): string[] {
    return this.known;
  }

  async listRuns(limit: number): Promise<CrawlRunSummary[]> {
    return [...this.runs].sort((a, b) => (a.startedAt < b.startedAt ? 1 : -1)).slice(0, limit);
  }

  async start(platform: string): Promise<{ runId: string }> {
    const runId = ulid();
    this.started.push(platform);
    this.runs.push({
      runId,
      platform,
      status: "running",
      startedAt: new Date().toISOString(),
      discovered: 0,
      submitted: 0,
      cached: 0,
      errors: 0,
    });
    return { runId };
  }
}
