import type { CrawlRunSummary as StoredRun } from "../ports/crawl-run-store.js";
import type { CrawlService } from "../services/run-crawl.js";
import type { CrawlConsole, CrawlRunSummary } from "../web/crawl-console.js";
import type { ProfileSource } from "./profile/load-profile.js";

function summaryOf(run: StoredRun): CrawlRunSummary {
  const last = run.errors.at(-1);
  return {
    runId: run.runId,
    platform: run.platform,
    status: run.status === "RUNNING" ? "running" : run.status === "COMPLETED" ? "succeeded" : "failed",
    startedAt: run.startedAt,
    ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}),
    discovered: run.counts.discovered,
    submitted: run.counts.submitted,
    // The dashboard has one column for posters already known: a verdict or a check under way.
    cached: run.counts.cached + run.counts.inFlight,
    errors: run.counts.errors,
    ...(last ? { lastError: `${last.code}: ${last.reason}` } : {}),
  };
}

/** The crawl service as the dashboard's Crawls page sees it. */
export function crawlConsole(
  crawler: CrawlService,
  profiles: ProfileSource,
  options: { canStart?: boolean } = {},
): CrawlConsole {
  return {
    // No platform to offer where crawls cannot start: the page then shows runs without a start button.
    platforms: () => (options.canStart === false ? [] : profiles.platforms()),
    async listRuns(limit) {
      return (await crawler.list({ limit })).items.map(summaryOf);
    },
    async start(platform) {
      const run = await crawler.start({ platform, trigger: "api" });
      return { runId: run.runId };
    },
  };
}
