import type { AgentModel } from "./agent/agent-model.js";
import type { OpenBrowser } from "./browser/launch-browser.js";
import type { CrawlExecutor } from "./crawl-executor.js";
import { crawlWithBrowser } from "./crawl-with-browser.js";
import type { NetworkFence } from "./fence/network-fence.js";

/**
 * Crawls in this process with a browser from `openBrowser`: for tests and benchmarks that lend one
 * browser to many runs. Servers crawl in a child process instead (child-process-executor).
 */
export function inProcessExecutor(deps: {
  openBrowser: OpenBrowser;
  fence: NetworkFence;
  agent?: AgentModel;
}): CrawlExecutor {
  return async (profile, job, submit) => {
    const lease = await deps.openBrowser();
    try {
      const info = {
        process: "in-process" as const,
        ...(lease.sandbox ? { sandboxed: lease.sandbox.sandboxed } : {}),
        ...(lease.sandbox?.reason ? { sandboxReason: lease.sandbox.reason } : {}),
      };
      return await crawlWithBrowser(profile, job, submit, {
        browser: lease.browser,
        info,
        fence: deps.fence,
        ...(deps.agent ? { agent: deps.agent } : {}),
      });
    } finally {
      await lease.release().catch(() => {});
    }
  };
}
