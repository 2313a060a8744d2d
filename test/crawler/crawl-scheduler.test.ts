import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/observability/logger.js";
import { systemClock } from "../../src/ports/clock.js";
import { type CrawlRun, emptyCrawlCounts } from "../../src/ports/crawl-run-store.js";
import { createCrawlScheduler } from "../../src/services/crawl-scheduler.js";
import { CrawlAlreadyRunningError } from "../../src/services/run-crawl.js";
import { makeDataDir } from "../support/start-app.js";
import { CatalogServer } from "./fixtures/catalog-server.js";
import { type CrawlHarness, loopbackBrowser, startCrawlHarness } from "./fixtures/crawl-harness.js";

let browser: Browser;
let catalog: CatalogServer;
let profilesDir: string;
let dataDir: string;
const harnesses: CrawlHarness[] = [];

/** A profile in the test's own folder; `${EXAMPLE_CATALOG_ORIGIN}` is the fixture server. */
function profile(platform: string, path: string, schedule?: string): void {
  const lines = [
    `startUrls: ["\${EXAMPLE_CATALOG_ORIGIN}${path}"]`,
    ...(schedule ? [`schedule: "${schedule}"`] : []),
    "navigation: { scroll: false, loadMore: false, nextPage: false, carousels: false }",
  ];
  writeFileSync(join(profilesDir, `${platform}.yaml`), `${lines.join("\n")}\n`);
}

async function harness(leaseSeconds?: number): Promise<CrawlHarness> {
  const h = await startCrawlHarness({
    browser,
    origin: catalog.origin,
    profilesDir,
    dataDir,
    ...(leaseSeconds ? { leaseSeconds } : {}),
  });
  harnesses.push(h);
  return h;
}

function pastRun(
  runId: string,
  platform: string,
  startedAt: Date,
  status: CrawlRun["status"] = "COMPLETED",
): CrawlRun {
  return {
    runId,
    platform,
    trigger: "schedule",
    dryRun: false,
    status,
    startUrls: [],
    startedAt: startedAt.toISOString(),
    finishedAt: startedAt.toISOString(),
    counts: emptyCrawlCounts(),
    errors: [],
    posters: [],
  };
}

async function until<T>(read: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  [browser, catalog] = await Promise.all([loopbackBrowser(), new CatalogServer().start()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await catalog?.stop();
});

afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.stop();
  rmSync(profilesDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

describe("one run per platform at a time", () => {
  it("refuses a second start while the first runs, in this process and in another one sharing the data", async () => {
    profilesDir = mkdtempSync(join(tmpdir(), "posterguard-profiles-"));
    dataDir = makeDataDir();
    profile("slowcat", "/slow/?ms=2500");
    const here = await harness();
    const there = await harness();

    // Two starts at the same moment in one process: one wins.
    const [first, second] = await Promise.allSettled([
      here.crawls.launch({ platform: "slowcat", trigger: "api" }),
      here.crawls.launch({ platform: "slowcat", trigger: "api" }),
    ]);
    expect(second.status === "rejected" && second.reason).toBeInstanceOf(CrawlAlreadyRunningError);
    if (first.status !== "fulfilled") throw new Error("the first start failed");
    await expect(here.crawls.start({ platform: "slowcat", trigger: "api" })).rejects.toThrow(
      CrawlAlreadyRunningError,
    );
    await expect(there.crawls.start({ platform: "slowcat", trigger: "schedule" })).rejects.toThrow(
      CrawlAlreadyRunningError,
    );
    expect((await first.value.done).status).toBe("COMPLETED");
    // Once it is over the platform is free again, for either process.
    const next = await there.crawls.run({ platform: "slowcat", trigger: "schedule", dryRun: true });
    expect(next.status).toBe("COMPLETED");
    expect((await here.runs.list({ limit: 10 })).items).toHaveLength(2);
  }, 90_000);

  it("a run whose lease another process has taken stops and says why", async () => {
    profilesDir = mkdtempSync(join(tmpdir(), "posterguard-profiles-"));
    dataDir = makeDataDir();
    profile("slowcat", "/slow/?ms=4000");
    const here = await harness(0.6);
    const there = await harness();
    const { done } = await here.crawls.launch({ platform: "slowcat", trigger: "api" });
    // The other process sees the lease as expired (its clock says so) and takes the platform.
    const future = new Date(Date.now() + 3_600_000);
    const until = new Date(future.getTime() + 60_000);
    expect(await there.runs.acquireLease("slowcat", "intruder", until, future)).toBe(true);
    const run = await done;
    expect(run.stoppedBy).toBe("cancelled");
    expect(run.errors.map((e) => e.code)).toContain("LEASE_LOST");
    await there.runs.releaseLease("slowcat", "intruder");
  }, 90_000);

  it("a cron tick while the platform is still being crawled is skipped, not queued behind it", async () => {
    profilesDir = mkdtempSync(join(tmpdir(), "posterguard-profiles-"));
    dataDir = makeDataDir();
    profile("everysecond", "/slow/?ms=6000", "* * * * * *");
    const h = await harness();
    const scheduler = createCrawlScheduler({
      crawls: h.crawls,
      runs: h.runs,
      profiles: h.profiles,
      defaultSchedule: "off",
      clock: systemClock,
      log: createLogger("silent"),
    });
    const started = await scheduler.start();
    expect(started.scheduled.map((s) => s.platform)).toEqual(["everysecond"]);
    await new Promise((resolve) => setTimeout(resolve, 3500));
    scheduler.stop();
    const runs = (await h.runs.list({ limit: 10 })).items;
    expect(runs).toHaveLength(1);
    expect(runs[0]?.trigger).toBe("schedule");
    await h.crawls.close();
    expect((await h.runs.get(runs[0]?.runId ?? ""))?.stoppedBy).toBe("cancelled");
  }, 90_000);
});

describe("start-up", () => {
  it("starts a run missed while the server was down, judged from each platform's last run, and closes dead runs", async () => {
    profilesDir = mkdtempSync(join(tmpdir(), "posterguard-profiles-"));
    dataDir = makeDataDir();
    profile("missed", "/carousel/", "0 3 * * 1");
    profile("recent", "/carousel/", "0 3 * * 1");
    profile("never", "/carousel/", "0 3 * * 1");
    profile("unscheduled", "/carousel/", "off");
    const h = await harness();
    const now = Date.now();
    await h.runs.save(pastRun("01J00000000000000000000001", "missed", new Date(now - 9 * 24 * 3600_000)));
    await h.runs.save(pastRun("01J00000000000000000000002", "recent", new Date(now - 60_000)));
    await h.runs.save(
      pastRun("01J00000000000000000000003", "unscheduled", new Date(now - 90 * 24 * 3600_000)),
    );
    await h.runs.save(pastRun("01J00000000000000000000004", "recent", new Date(now - 120_000), "RUNNING"));

    const scheduler = createCrawlScheduler({
      crawls: h.crawls,
      runs: h.runs,
      profiles: h.profiles,
      defaultSchedule: "0 */6 * * *",
      clock: systemClock,
      log: createLogger("silent"),
    });
    const started = await scheduler.start();
    scheduler.stop();
    expect(started.caughtUp).toEqual(["missed"]);
    expect(started.interrupted).toBe(1);
    expect(started.scheduled.map((s) => s.platform)).toEqual(["missed", "never", "recent"]);
    expect((await h.runs.get("01J00000000000000000000004"))?.status).toBe("INTERRUPTED");

    const catchUp = await until(async () => {
      const run = await h.runs.lastRun("missed");
      return run?.trigger === "catch-up" && run.status !== "RUNNING" ? run : undefined;
    });
    expect(catchUp.status).toBe("COMPLETED");
    // The profile turns carousels off: each row shows its first six titles.
    expect(catchUp.counts.discovered).toBe(24);
    expect((await h.runs.list({ limit: 10, platform: "never" })).items).toEqual([]);

    // CRAWL_TIMEZONE: Monday 03:00 in Tokyo is Sunday 18:00 UTC.
    const tokyo = createCrawlScheduler({
      crawls: h.crawls,
      runs: h.runs,
      profiles: h.profiles,
      defaultSchedule: "off",
      clock: systemClock,
      log: createLogger("silent"),
      timezone: "Asia/Tokyo",
    });
    const inTokyo = await tokyo.start();
    tokyo.stop();
    const next = new Date(inTokyo.scheduled.find((s) => s.platform === "never")?.nextRun ?? "");
    expect([next.getUTCDay(), next.getUTCHours(), next.getUTCMinutes()]).toEqual([0, 18, 0]);
  }, 120_000);
});
