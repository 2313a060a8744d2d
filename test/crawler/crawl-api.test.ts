// First, before compose: config.ts and auth/access-control.ts import each other, and loading
// access-control first leaves API_KEYS out of the configuration schema.
import "../../src/config.js";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/adapters/embedded/open-database.js";
import { SqliteCrawlRunStore } from "../../src/adapters/embedded/sqlite-crawl-run-store.js";
import { generateToken } from "../../src/auth/api-keys.js";
import { crawlCommand } from "../../src/cli/crawl-command.js";
import { loadConfig } from "../../src/config.js";
import { sharedBrowser } from "../../src/crawler/browser/launch-browser.js";
import { defaultCrawlConfig } from "../../src/crawler/crawl-config.js";
import { crawlConsole } from "../../src/crawler/dashboard-console.js";
import type { CrawlRun } from "../../src/ports/crawl-run-store.js";
import { getJson, makeDataDir, testEnv } from "../support/start-app.js";
import { BROKEN_POSTER_PATH, expectedPosterPaths } from "./fixtures/catalog-data.js";
import { CatalogServer } from "./fixtures/catalog-server.js";
import {
  allJobs,
  type CrawlHarness,
  LOOPBACK_ARGS,
  loopbackBrowser,
  SHIPPED_PROFILES,
  startCrawlHarness,
} from "./fixtures/crawl-harness.js";

let browser: Browser;
let catalog: CatalogServer;
let harness: CrawlHarness;
let api: string;

beforeAll(async () => {
  [browser, catalog] = await Promise.all([loopbackBrowser(), new CatalogServer().start()]);
  // The API's crawls run as serve runs them: each in a child process with its own Chromium.
  harness = await startCrawlHarness({ origin: catalog.origin });
  api = await harness.listen();
  process.env.EXAMPLE_CATALOG_ORIGIN = catalog.origin;
}, 60_000);

afterAll(async () => {
  delete process.env.EXAMPLE_CATALOG_ORIGIN;
  await harness?.stop();
  await browser?.close();
  await catalog?.stop();
});

async function post(body: unknown) {
  const response = await fetch(`${api}/crawls`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    location: response.headers.get("location"),
    // biome-ignore lint/suspicious/noExplicitAny: a response body the assertions take apart.
    body: (await response.json()) as any,
  };
}

async function finished(runId: string): Promise<CrawlRun> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const { body } = await getJson(`${api}/crawls/${runId}`);
    if (body.status !== "RUNNING") return body as CrawlRun;
    if (Date.now() > deadline) throw new Error(`crawl ${runId} still running`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("HTTP: POST /crawls, GET /crawls, GET /crawls/{id}", () => {
  it("starts a crawl in the background, refuses a second one of the platform meanwhile, and reports it", async () => {
    const started = await post({ platform: "example-carousels", dryRun: true });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({
      platform: "example-carousels",
      status: "RUNNING",
      trigger: "api",
      dryRun: true,
    });
    expect(started.location).toBe(`/crawls/${started.body.runId}`);
    expect(started.body).not.toHaveProperty("posters");

    const again = await post({ platform: "example-carousels" });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("CRAWL_ALREADY_RUNNING");

    const run = await finished(started.body.runId);
    expect(run.status).toBe("COMPLETED");
    expect(run.counts).toMatchObject({ discovered: 72, submitted: 0, errors: 0 });
    expect(run.posters).toHaveLength(72);
    expect(run.finishedAt).toBeDefined();
    // Crawled in a child process; this machine runs tests as root, where Chromium has no sandbox.
    expect(run.browser?.process).toBe("child");
    if (process.getuid?.() === 0) {
      expect(run.browser).toMatchObject({ sandboxed: false, sandboxReason: expect.stringMatching(/root/) });
    }
    expect(harness.children()).toEqual([]);

    const list = await getJson(`${api}/crawls?platform=example-carousels&limit=5`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((r: CrawlRun) => r.runId)).toEqual([started.body.runId]);
    expect(list.body.items[0]).not.toHaveProperty("posters");
    expect((await getJson(`${api}/crawls?platform=example-infinite-scroll`)).body.items).toEqual([]);

    // The dashboard's view of the same run.
    const dashboard = crawlConsole(harness.crawls, harness.profiles);
    expect(dashboard.platforms()).toContain("example-carousels");
    const [latest] = await dashboard.listRuns(1);
    expect(latest).toMatchObject({
      runId: started.body.runId,
      status: "succeeded",
      discovered: 72,
      submitted: 0,
      errors: 0,
    });
  }, 120_000);

  it("answers bad requests with the error shape: unknown platform, nothing to crawl, closed address, unknown run", async () => {
    const unknown = await post({ platform: "nope" });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("PROFILE_NOT_FOUND");
    expect((await post({})).status).toBe(400);
    expect((await post({ platform: "example-carousels", extra: 1 })).status).toBe(400);
    expect((await post({ url: "ftp://example.com/" })).status).toBe(400);
    for (const url of [
      "http://169.254.169.254/latest/meta-data/",
      "http://127.0.0.1:1/",
      "http://10.0.0.1/",
    ]) {
      const blocked = await post({ url });
      expect(blocked.status, url).toBe(422);
      expect(blocked.body.error.code).toBe("BLOCKED_ADDRESS");
    }
    const missing = await getJson(`${api}/crawls/01J00000000000000000000000`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("CRAWL_NOT_FOUND");
    expect((await getJson(`${api}/crawls?cursor=garbage`)).status).toBe(400);
    const docs = await getJson(`${api}/docs/json`);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(["/crawls", "/crawls/{runId}"]));
  });

  it("crawls one URL with the generic profile when its address is allowed", async () => {
    const started = await post({ url: catalog.url("/backgrounds/"), dryRun: true, maxPages: 1 });
    expect(started.status).toBe(202);
    const run = await finished(started.body.runId);
    expect(run.platform).toBe("127-0-0-2");
    expect(run.counts.discovered).toBe(expectedPosterPaths("backgrounds").length);
  }, 120_000);
});

describe("posterguard crawl", () => {
  function cli(dataDir: string) {
    const config = {
      ...loadConfig({
        ...testEnv(dataDir, { FETCH_TIMEOUT_MS: "15000" }),
        POSTERGUARD_CONFIG: "/nonexistent",
      }),
      ...defaultCrawlConfig({ PROFILES_DIR: SHIPPED_PROFILES }),
    };
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out: string[] = [];
    const err: string[] = [];
    stdout.on("data", (c) => out.push(String(c)));
    stderr.on("data", (c) => err.push(String(c)));
    const run = (args: string[], options: Record<string, unknown>) =>
      crawlCommand(config, args, {
        format: "table",
        stdout,
        stderr,
        openBrowser: sharedBrowser(browser),
        ...options,
      });
    return { run, out: () => out.join(""), err: () => err.join("") };
  }

  it("--dry-run --format json prints the run record with the posters it would submit, and submits nothing", async () => {
    const dataDir = makeDataDir();
    try {
      const { run, out } = cli(dataDir);
      const code = await run(["example-carousels"], { dryRun: true, format: "json" });
      expect(code).toBe(0);
      const record = JSON.parse(out()) as CrawlRun;
      expect(record).toMatchObject({
        platform: "example-carousels",
        trigger: "cli",
        dryRun: true,
        status: "COMPLETED",
      });
      expect(record.posters).toHaveLength(72);
      expect(record.posters.every((p) => p.outcome === "dry_run")).toBe(true);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it("--url submits in process, keeps the run in DATA_DIR, prints a table, and exits 1 when a poster failed", async () => {
    const dataDir = makeDataDir();
    try {
      const { run, out } = cli(dataDir);
      const code = await run([], { url: catalog.url("/grid/?page=3"), platform: "grid-three", maxPages: 1 });
      expect(code).toBe(1);
      const table = out();
      expect(table).toMatch(/Crawl \w+ of grid-three: COMPLETED/);
      expect(table).toMatch(/discovered 11 {2}submitted 10 {2}cached 0/);
      expect(table).toContain(BROKEN_POSTER_PATH);
      expect(table).toContain("NOT_AN_IMAGE");

      const db = openDatabase(join(dataDir, "posterguard.db"));
      try {
        const runs = await new SqliteCrawlRunStore(db).list({ limit: 5 });
        expect(runs.items.map((r) => [r.platform, r.trigger, r.counts.submitted])).toEqual([
          ["grid-three", "cli", 10],
        ]);
      } finally {
        db.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it("--api-url hands the posters to a remote PosterGuard over HTTP", async () => {
    const dataDir = makeDataDir();
    try {
      const before = (await allJobs(harness.services)).filter(
        (j) => j.platform === "example-css-backgrounds",
      );
      expect(before).toEqual([]);
      const { run, out } = cli(dataDir);
      const code = await run(["example-css-backgrounds"], { apiUrl: api, format: "json" });
      const record = JSON.parse(out()) as CrawlRun;
      expect(code, JSON.stringify(record.errors)).toBe(0);
      expect(record.counts).toMatchObject({ discovered: 60, submitted: 60, errors: 0 });
      const remote = (await allJobs(harness.services)).filter(
        (j) => j.platform === "example-css-backgrounds",
      );
      expect(remote).toHaveLength(60);
      expect(remote[0]?.metadata).toMatchObject({ crawlRunId: record.runId });
      expect(remote[0]?.requestId).toMatch(/^crawl:[0-9a-f]{40}$/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it("without a lent browser, crawls in a child process and submits each poster from this process over --api-url", async () => {
    const dataDir = makeDataDir();
    try {
      const { run, out } = cli(dataDir);
      const code = await run([], {
        url: catalog.url("/grid/?page=1"),
        platform: "grid-one-child",
        maxPages: 1,
        apiUrl: api,
        format: "json",
        openBrowser: undefined,
        browserArgs: LOOPBACK_ARGS,
      });
      const record = JSON.parse(out()) as CrawlRun;
      expect(code, JSON.stringify(record.errors)).toBe(0);
      expect(record.browser?.process).toBe("child");
      expect(record.counts).toMatchObject({ discovered: 10, submitted: 10, errors: 0 });
      const remote = (await allJobs(harness.services)).filter((j) => j.platform === "grid-one-child");
      expect(remote).toHaveLength(10);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it("--api-key authenticates to a server that requires API keys", async () => {
    const token = generateToken();
    const keyed = await startCrawlHarness({
      browser,
      origin: catalog.origin,
      env: { API_KEYS: `crawler:submitter:${token}` },
    });
    const dataDir = makeDataDir();
    try {
      const keyedApi = await keyed.listen();
      const grid = { url: catalog.url("/grid/?page=1"), maxPages: 1, format: "json" as const };
      const without = cli(dataDir);
      expect(keyed.services.access.openAccess).toBe(false);
      expect(await without.run([], { ...grid, apiUrl: keyedApi })).toBe(1);
      const refused = JSON.parse(without.out()) as CrawlRun;
      expect(refused.counts).toMatchObject({ discovered: 10, submitted: 0, errors: 10 });
      expect(refused.errors[0]?.reason).toMatch(/API key/);

      const withKey = cli(dataDir);
      expect(await withKey.run([], { ...grid, apiUrl: keyedApi, apiKey: token })).toBe(0);
      expect((JSON.parse(withKey.out()) as CrawlRun).counts).toMatchObject({ submitted: 10, errors: 0 });
    } finally {
      await keyed.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it("exits 2 with a message for an unknown platform or nothing to crawl", async () => {
    const dataDir = makeDataDir();
    try {
      const { run, err } = cli(dataDir);
      expect(await run(["no-such-platform"], { dryRun: true })).toBe(2);
      expect(err()).toMatch(/no crawl profile for platform no-such-platform/);
      expect(await run([], {})).toBe(2);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
