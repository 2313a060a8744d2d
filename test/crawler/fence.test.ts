import { rmSync } from "node:fs";
import { PassThrough } from "node:stream";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crawlCommand } from "../../src/cli/crawl-command.js";
import { loadConfig } from "../../src/config.js";
import { launchBrowser, sharedBrowser } from "../../src/crawler/browser/launch-browser.js";
import { defaultCrawlConfig } from "../../src/crawler/crawl-config.js";
import type { CrawlRun } from "../../src/ports/crawl-run-store.js";
import { getJson, makeDataDir, testEnv } from "../support/start-app.js";
import {
  CHROMIUM,
  type CrawlHarness,
  SHIPPED_PROFILES,
  startCrawlHarness,
} from "./fixtures/crawl-harness.js";
import { FENCE_POSTERS, FenceCatalog } from "./fixtures/fence-catalog.js";
import { CountingListener } from "./fixtures/fence-hosts.js";

let browser: Browser;
let closed: CountingListener;
/** The fence page with names (resolved by the harness's hosts map) and with addresses only (for the CLI). */
let named: FenceCatalog;
let literal: FenceCatalog;
let harness: CrawlHarness;

/** Left to itself a browser reaches the closed listener (by address and as internal.test) and nothing off the machine. */
const BROWSER_ARGS = [
  "--host-resolver-rules=MAP internal.test 127.0.0.3, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE 127.0.0.2, EXCLUDE 127.0.0.3",
];

beforeAll(async () => {
  // Without the fence the counting listener would count.
  browser = await launchBrowser({ executablePath: CHROMIUM, extraArgs: BROWSER_ARGS });
  closed = await new CountingListener("127.0.0.3").start();
  const closedOrigin = `http://127.0.0.3:${closed.port}`;
  named = await new FenceCatalog({
    closed: closedOrigin,
    closedName: `http://internal.test:${closed.port}`,
    metadata: "http://169.254.169.254",
    metadataName: "http://metadata.test",
    robotsTo: `http://internal.test:${closed.port}`,
  }).start();
  literal = await new FenceCatalog({
    closed: closedOrigin,
    closedName: closedOrigin,
    metadata: "http://169.254.169.254",
    metadataName: "http://169.254.169.254",
    robotsTo: closedOrigin,
  }).start();
  // Scheduled and API crawls run as serve runs them: in a child process, given the rules as data.
  harness = await startCrawlHarness({
    origin: named.origin,
    childBrowserArgs: BROWSER_ARGS,
    fenceRules: {
      allowPrivate: false,
      allowedCidrs: ["127.0.0.2/32"],
      hosts: { "internal.test": "127.0.0.3", "metadata.test": "169.254.169.254" },
    },
  });
}, 60_000);

afterAll(async () => {
  await harness?.stop();
  await named?.stop();
  await literal?.stop();
  await closed?.stop();
  await browser?.close();
});

/** The refusals a run lists, as [kind, url]. */
function refusalsOf(run: CrawlRun): string[][] {
  return run.errors.filter((e) => e.code === "BLOCKED_ADDRESS").map((e) => [e.kind, e.url]);
}

/** A finished run that found the page's six posters though everything else on it was refused. */
function expectPostersFound(run: CrawlRun, origin: string): void {
  expect(run.status).toBe("COMPLETED");
  expect(run.posters.map((p) => p.posterUrl).sort()).toEqual(FENCE_POSTERS.map((p) => `${origin}${p}`));
}

describe("the crawl's fence", () => {
  it("keeps a scheduled crawl off closed addresses — links, redirects, fetches, WebSockets, frames, workers, robots.txt — and still finds the posters", async () => {
    const closedAt = `127.0.0.3:${closed.port}`;
    const run = await harness.crawls.run({
      url: `${named.origin}/`,
      platform: "fenced",
      trigger: "schedule",
      dryRun: true,
      limits: { maxPages: 1, maxSeconds: 60 },
    });
    expect(closed.connections).toBe(0);
    expect(closed.datagrams).toBe(0);
    expectPostersFound(run, named.origin);
    expect(run.browser?.process).toBe("child");
    const refusals = refusalsOf(run);
    expect(refusals).toEqual(
      expect.arrayContaining([
        // robots.txt redirects to a name for the closed listener: not followed, no rules.
        ["robots", `${named.origin}/robots.txt`],
        // fetch() by address and by a name of the metadata address.
        ["blocked", `http://${closedAt}/fetched`],
        ["blocked", "http://metadata.test/latest/meta-data/iam"],
        // Tunnels: https fetch and ws:// by address, ws:// by name, wss:// to the metadata name.
        ["blocked", closedAt],
        ["blocked", `internal.test:${closed.port}`],
        ["blocked", "metadata.test:443"],
        // Redirect hops of an image and of a frame.
        ["blocked", `http://${closedAt}/redirected.jpg`],
        ["blocked", `http://${closedAt}/framed-after-redirect`],
        // An image on a name of the metadata address, and a dedicated worker's fetch.
        ["blocked", "http://metadata.test/pixel.gif"],
        ["blocked", `http://${closedAt}/from-worker`],
      ]),
    );
    // Frames on a closed host stop earlier, at that host's robots.txt, which is refused too.
    expect(refusals).toEqual(
      expect.arrayContaining([
        ["robots", `http://internal.test:${closed.port}/robots.txt`],
        ["robots", "http://169.254.169.254/robots.txt"],
      ]),
    );
    expect(run.counts.blocked).toBeGreaterThanOrEqual(
      refusals.filter(([kind]) => kind === "blocked").length + 2,
    );
    // A refusal by name names the host and the kind of address, never the address it resolved to.
    for (const error of run.errors.filter((e) => e.url.includes(".test"))) {
      expect(error.reason).not.toMatch(/127\.0\.0\.3|169\.254/);
    }
  }, 90_000);

  it("fences a crawl started from the API the same way", async () => {
    const api = await harness.listen();
    const response = await fetch(`${api}/crawls`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url: `${named.origin}/`, platform: "fenced-api", dryRun: true, maxPages: 1 }),
    });
    expect(response.status).toBe(202);
    const { runId } = (await response.json()) as { runId: string };
    let run: CrawlRun;
    const deadline = Date.now() + 60_000;
    do {
      await new Promise((resolve) => setTimeout(resolve, 200));
      run = (await getJson(`${api}/crawls/${runId}`)).body as CrawlRun;
    } while (run.status === "RUNNING" && Date.now() < deadline);
    expect(closed.connections).toBe(0);
    expectPostersFound(run, named.origin);
    expect(refusalsOf(run)).toEqual(
      expect.arrayContaining([
        ["blocked", `http://127.0.0.3:${closed.port}/fetched`],
        ["blocked", "metadata.test:443"],
      ]),
    );
  }, 90_000);

  it("fences `posterguard crawl --url` with the configured address rules", async () => {
    const dataDir = makeDataDir();
    try {
      const config = {
        ...loadConfig({ ...testEnv(dataDir), POSTERGUARD_CONFIG: "/nonexistent" }),
        ...defaultCrawlConfig({ PROFILES_DIR: SHIPPED_PROFILES }),
      };
      const stdout = new PassThrough();
      const out: string[] = [];
      stdout.on("data", (chunk) => out.push(String(chunk)));
      const code = await crawlCommand(config, [], {
        url: `${literal.origin}/`,
        platform: "fenced-cli",
        dryRun: true,
        maxPages: 1,
        format: "json",
        stdout,
        stderr: new PassThrough(),
        openBrowser: sharedBrowser(browser),
      });
      const run = JSON.parse(out.join("")) as CrawlRun;
      expect(code).toBe(1);
      expect(closed.connections).toBe(0);
      expectPostersFound(run, literal.origin);
      expect(refusalsOf(run)).toEqual(
        expect.arrayContaining([
          ["robots", `${literal.origin}/robots.txt`],
          // Tunnels and redirect hops: what only the proxy sees (plain requests to these hosts may
          // be stopped first by their robots.txt, refused when a frame on them was opened).
          ["blocked", `127.0.0.3:${closed.port}`],
          ["blocked", "169.254.169.254:443"],
          ["blocked", `http://127.0.0.3:${closed.port}/redirected.jpg`],
        ]),
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
