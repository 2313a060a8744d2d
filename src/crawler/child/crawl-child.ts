import { ipcAgentModel } from "../agent/ipc-agent-model.js";
import { launchChromium } from "../browser/launch-browser.js";
import { crawlWithBrowser } from "../crawl-with-browser.js";
import { fixedHostsResolver } from "../fence/fixed-hosts.js";
import { createNetworkFence } from "../fence/network-fence.js";
import { ipcSubmitter } from "../submit/ipc-submitter.js";
import { browserPid } from "./browser-pid.js";
import type { ChildMessage, ParentMessage, StartMessage } from "./child-messages.js";
import { ParentCalls } from "./parent-calls.js";

/*
 * The crawl's own process, forked by the server for one run (child-process-executor). It is given
 * a bare environment and the run's settings over IPC: no API keys, no session secret, no cloud
 * credentials, no database. It launches Chromium, crawls, and asks the parent to submit each
 * poster and to make each agent-model call; the parent keeps the run record.
 */

const send = (message: ChildMessage): Promise<void> =>
  new Promise((resolve) => {
    if (!process.connected || !process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
const parent = new ParentCalls((message) => void send(message));
const cancel = new AbortController();
let started = false;

process.on("message", (message: ParentMessage) => {
  if (message.type === "reply") parent.settle(message);
  else if (message.type === "cancel") cancel.abort();
  else if (message.type === "start" && !started) {
    started = true;
    crawl(message).then(
      () => process.exit(0),
      async (error: Error) => {
        await send({ type: "failed", code: codeOf(error), message: error.message });
        process.exit(1);
      },
    );
  }
});

// The parent is gone (it died or was killed): stop, close the browser, leave.
process.on("disconnect", () => {
  parent.failAll("the server that started this crawl is gone");
  cancel.abort();
  setTimeout(() => process.exit(1), 5000).unref();
});

async function crawl(start: StartMessage): Promise<void> {
  const log = {
    info: (object: object, message: string) => void send({ type: "log", level: "info", object, message }),
    warn: (object: object, message: string) => void send({ type: "log", level: "warn", object, message }),
  };
  const fence = createNetworkFence({
    allowPrivate: start.fence.allowPrivate,
    allowedCidrs: start.fence.allowedCidrs,
    ...(start.fence.hosts ? { resolveHostname: fixedHostsResolver(start.fence.hosts) } : {}),
  });
  const { browser, sandbox } = await launchChromium({
    ...start.browser,
    onSandboxFallback: (reason) =>
      log.warn(
        { runId: start.job.runId, reason },
        "Chromium runs without its sandbox (CRAWL_CHROMIUM_SANDBOX=auto): see README, Crawling catalogs",
      ),
  });
  try {
    const info = {
      process: "child" as const,
      sandboxed: sandbox.sandboxed,
      ...(sandbox.reason ? { sandboxReason: sandbox.reason } : {}),
    };
    const pid = await browserPid(browser);
    await send({
      type: "browser",
      ...(pid ? { pid } : {}),
      sandboxed: info.sandboxed,
      ...(sandbox.reason ? { sandboxReason: sandbox.reason } : {}),
    });
    let lastProgress = 0;
    const run = await crawlWithBrowser(
      start.profile,
      {
        ...start.job,
        signal: cancel.signal,
        log,
        now: () => new Date(),
        onProgress: (progress) => {
          if (Date.now() - lastProgress < start.progressEveryMs) return;
          lastProgress = Date.now();
          void send({ type: "progress", run: progress });
        },
      },
      ipcSubmitter(parent),
      {
        browser,
        info,
        fence,
        ...(start.agentModel ? { agent: ipcAgentModel(start.agentModel, parent) } : {}),
      },
    );
    await send({ type: "done", run });
  } finally {
    await browser.close().catch(() => {});
  }
}

function codeOf(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && /^[A-Z][A-Z0-9_]*$/.test(code) ? code : "CRAWL_FAILED";
}
