import type { Context } from "aws-lambda";
import type { CrawlRun } from "../ports/crawl-run-store.js";
import { lambdaServices, logger } from "./lambda-services.js";

/** What EventBridge (or `aws lambda invoke`) sends: one platform, or none for every scheduled one. */
export interface CrawlerEvent {
  platform?: string;
  dryRun?: boolean;
}

export interface CrawlerResult {
  runs: Pick<CrawlRun, "runId" | "platform" | "status" | "counts">[];
  /** Platforms that could not be crawled at all (no profile, already running elsewhere, …). */
  skipped: { platform: string; reason: string }[];
}

/** Time kept back from the Lambda deadline to close the browser and write the run records. */
const WRAP_UP_MS = 60_000;

/**
 * The crawler flow on Lambda. With `platform`, crawls that platform; without (the scheduled
 * rule), every platform whose profile is not `schedule: off`, one after another within the
 * function's time. A crawl that fails is recorded in its run, not thrown, so EventBridge does
 * not re-run the whole batch.
 */
export async function handler(event: CrawlerEvent | undefined, context: Context): Promise<CrawlerResult> {
  logger.addContext(context);
  const services = lambdaServices();
  // Runs left RUNNING by an invocation that crashed or timed out (their lease has lapsed).
  await services.crawlRuns.markInterrupted(services.clock.now());
  const platforms = event?.platform ? [event.platform] : scheduledPlatforms(services);
  const result: CrawlerResult = { runs: [], skipped: [] };
  for (const [index, platform] of platforms.entries()) {
    const leftMs = context.getRemainingTimeInMillis() - WRAP_UP_MS;
    // The time left is shared by the platforms still to crawl.
    const maxSeconds = Math.floor(leftMs / (platforms.length - index) / 1000);
    if (maxSeconds < 1) {
      result.skipped.push({ platform, reason: "no time left in this invocation" });
      continue;
    }
    try {
      const ownLimit =
        services.crawlProfiles.load(platform).limits.maxSeconds ?? services.config.CRAWL_MAX_SECONDS;
      const run = await services.crawler.run({
        platform,
        trigger: event?.platform ? "api" : "schedule",
        dryRun: event?.dryRun ?? false,
        limits: { maxSeconds: Math.min(maxSeconds, ownLimit) },
      });
      result.runs.push({ runId: run.runId, platform, status: run.status, counts: run.counts });
    } catch (error) {
      logger.error("crawl could not start", { platform, error: error as Error });
      result.skipped.push({ platform, reason: (error as Error).message });
    }
  }
  logger.info("crawler invocation done", { runs: result.runs, skipped: result.skipped });
  return result;
}

function scheduledPlatforms(services: ReturnType<typeof lambdaServices>): string[] {
  return services.crawlProfiles.platforms().filter((platform) => {
    try {
      return services.crawlProfiles.load(platform).schedule !== "off";
    } catch (error) {
      logger.error("crawl profile does not load", { platform, error: error as Error });
      return false;
    }
  });
}
