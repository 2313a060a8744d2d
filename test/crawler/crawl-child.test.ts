// First, before compose: config.ts and auth/access-control.ts import each other.
import "../../src/config.js";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CrawlChild } from "../../src/crawler/child/child-process-executor.js";
import type { CrawlRun } from "../../src/ports/crawl-run-store.js";
import { getJson } from "../support/start-app.js";
import { CatalogServer } from "./fixtures/catalog-server.js";
import { type CrawlHarness, startCrawlHarness } from "./fixtures/crawl-harness.js";

let catalog: CatalogServer;
let harness: CrawlHarness;
let api: string;

beforeAll(async () => {
  catalog = await new CatalogServer().start();
  // No browser lent: every run crawls in a child process of its own, as under `posterguard serve`.
  harness = await startCrawlHarness({ origin: catalog.origin });
  api = await harness.listen();
}, 60_000);

afterAll(async () => {
  await harness?.stop();
  await catalog?.stop();
});

async function startCrawl(body: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${api}/crawls`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { runId: string }).runId;
}

/** A crawl stuck on a catalog page that answers after 20 s, once its child has launched Chromium. */
async function slowCrawl(platform: string): Promise<{ runId: string; child: CrawlChild }> {
  const runId = await startCrawl({ url: catalog.url("/slow/?ms=20000"), platform, dryRun: true });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const child = harness.children().find((c) => c.runId === runId);
    if (child?.browserPid) return { runId, child };
    if (Date.now() > deadline) throw new Error("the crawl's child never reported its browser");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function finished(runId: string): Promise<CrawlRun> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { body } = await getJson(`${api}/crawls/${runId}`);
    if (body.status !== "RUNNING") return body as CrawlRun;
    if (Date.now() > deadline) throw new Error(`crawl ${runId} still running`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pid: number): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  return !alive(pid);
}

/** The server still answers and crawls: a small dry run in a fresh child completes. */
async function expectServerStillCrawls(): Promise<void> {
  expect((await getJson(`${api}/healthz`)).status).toBe(200);
  const run = await finished(
    await startCrawl({ url: catalog.url("/backgrounds/"), dryRun: true, maxPages: 1 }),
  );
  expect(run.status, JSON.stringify(run.errors)).toBe("COMPLETED");
  expect(run.counts.discovered).toBeGreaterThan(0);
}

describe("a crawl in its own process", () => {
  it("gets none of the server's secrets in its environment", async () => {
    process.env.AWS_SECRET_ACCESS_KEY = "not-for-the-crawler";
    process.env.API_KEYS = "ops:admin:not-for-the-crawler";
    let started: { runId: string; child: CrawlChild } | undefined;
    try {
      started = await slowCrawl("env-check");
      const { child } = started;
      const environ = readFileSync(`/proc/${child.pid}/environ`, "utf8").split("\0").filter(Boolean);
      const names = environ.map((entry) => entry.slice(0, entry.indexOf("=")));
      expect(names).not.toContain("AWS_SECRET_ACCESS_KEY");
      expect(names).not.toContain("API_KEYS");
      expect(environ.join("\n")).not.toContain("not-for-the-crawler");
      // Besides the few passed on, only node's own IPC channel variables.
      for (const name of names) {
        expect(name).toMatch(
          /^(PATH|HOME|TMPDIR|TMP|TEMP|LANG|LANGUAGE|LC_\w+|TZ|FONTCONFIG_\w+|NODE_ENV|NODE_CHANNEL_\w+)$/,
        );
      }
    } finally {
      if (started) {
        process.kill(started.child.pid, "SIGKILL");
        await finished(started.runId);
      }
      delete process.env.AWS_SECRET_ACCESS_KEY;
      delete process.env.API_KEYS;
    }
  }, 90_000);

  it("records a child killed mid-crawl as FAILED, kills its Chromium, and the server goes on", async () => {
    const { runId, child } = await slowCrawl("child-killed");
    const browserPid = child.browserPid as number;
    process.kill(child.pid, "SIGKILL");
    const run = await finished(runId);
    expect(run.status).toBe("FAILED");
    expect(run.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: "run",
          code: "CRAWL_PROCESS_DIED",
          reason: expect.stringMatching(/SIGKILL/),
        }),
      ]),
    );
    expect(run.finishedAt).toBeDefined();
    expect(await gone(browserPid)).toBe(true);
    expect(harness.children()).toEqual([]);
    await expectServerStillCrawls();
  }, 120_000);

  it("records a Chromium killed mid-crawl as FAILED with BROWSER_CRASHED, and the server goes on", async () => {
    const { runId, child } = await slowCrawl("browser-killed");
    // Chromium leads a process group of its own: its helpers go with it, as in a real crash.
    process.kill(-(child.browserPid as number), "SIGKILL");
    const run = await finished(runId);
    expect(run.status).toBe("FAILED");
    expect(run.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: "run", code: "BROWSER_CRASHED" })]),
    );
    expect(run.browser?.process).toBe("child");
    expect(await gone(child.pid)).toBe(true);
    await expectServerStillCrawls();
  }, 120_000);

  it("stops the child and its Chromium when the server shuts down, and keeps the run's record", async () => {
    const other = await startCrawlHarness({ origin: catalog.origin });
    try {
      const { run, done } = await other.crawls.launch({
        url: catalog.url("/slow/?ms=20000"),
        platform: "shutdown",
        trigger: "api",
        dryRun: true,
      });
      const deadline = Date.now() + 30_000;
      let child: CrawlChild | undefined;
      while (!child?.browserPid && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        child = other.children().find((c) => c.runId === run.runId);
      }
      expect(child?.browserPid).toBeDefined();
      const started = Date.now();
      await other.crawls.close();
      const last = await done;
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(last.stoppedBy ?? last.status).toMatch(/cancelled|INTERRUPTED/);
      expect((await other.runs.get(run.runId))?.status).not.toBe("RUNNING");
      expect(await gone((child as CrawlChild).pid)).toBe(true);
      expect(await gone((child as CrawlChild).browserPid as number)).toBe(true);
    } finally {
      await other.stop();
    }
  }, 90_000);
});
