import type { Browser } from "playwright-core";
import type { CrawlBrowserInfo, CrawlRun } from "../ports/crawl-run-store.js";
import type { AgentModel } from "./agent/agent-model.js";
import { type CrawlJob, crawlJobSettings } from "./crawl-executor.js";
import { runCrawl } from "./crawl-runner.js";
import type { NetworkFence } from "./fence/network-fence.js";
import type { Profile } from "./profile/profile-schema.js";
import { endedBy } from "./run-failure.js";
import type { SubmitPoster } from "./submit/submit-poster.js";

export interface BrowserAtHand {
  browser: Browser;
  info: CrawlBrowserInfo;
  fence: NetworkFence;
  agent?: AgentModel;
}

/**
 * Crawls with a browser that is already running, and watches it: a browser that goes away during
 * the run (a crashed or killed Chromium) stops the run, which is recorded FAILED with BROWSER_CRASHED.
 */
export async function crawlWithBrowser(
  profile: Profile,
  job: CrawlJob,
  submit: SubmitPoster,
  at: BrowserAtHand,
): Promise<CrawlRun> {
  const stop = new AbortController();
  const cancel = () => stop.abort();
  job.signal.addEventListener("abort", cancel, { once: true });
  if (job.signal.aborted) stop.abort();
  let crashed = false;
  const gone = () => {
    crashed = true;
    stop.abort();
  };
  at.browser.on("disconnected", gone);
  try {
    const run = await runCrawl(
      profile,
      {
        browser: at.browser,
        ...crawlJobSettings(job),
        fence: at.fence,
        signal: stop.signal,
        log: job.log,
        now: job.now,
        onProgress: (progress) => job.onProgress({ ...progress, browser: at.info }),
        ...(at.agent ? { agent: at.agent } : {}),
      },
      submit,
    );
    const recorded = { ...run, browser: at.info };
    if (!crashed) return recorded;
    return endedBy(
      recorded,
      "FAILED",
      {
        code: "BROWSER_CRASHED",
        reason:
          "Chromium exited during the run (it crashed or was killed); the pages being crawled were lost",
      },
      job.now(),
    );
  } finally {
    at.browser.off("disconnected", gone);
    job.signal.removeEventListener("abort", cancel);
  }
}
