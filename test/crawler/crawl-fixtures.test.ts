import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CrawlRun } from "../../src/ports/crawl-run-store.js";
import {
  BROKEN_POSTER_PATH,
  CHROME_PATHS,
  expectedPosterPaths,
  GRID_PAGES,
} from "./fixtures/catalog-data.js";
import { CatalogServer } from "./fixtures/catalog-server.js";
import {
  allJobs,
  type CrawlHarness,
  loopbackBrowser,
  startCrawlHarness,
  waitForWorkers,
} from "./fixtures/crawl-harness.js";

const SLOW = 150_000;

let browser: Browser;
let catalog: CatalogServer;
let harness: CrawlHarness;

beforeAll(async () => {
  [browser, catalog] = await Promise.all([loopbackBrowser(), new CatalogServer().start()]);
  harness = await startCrawlHarness({ browser, origin: catalog.origin });
}, 60_000);

afterAll(async () => {
  await harness?.stop();
  await browser?.close();
  await catalog?.stop();
});

/** The posters a run handed off, as paths on the fixture server. */
function submittedPaths(run: CrawlRun): string[] {
  return run.posters.filter((p) => p.outcome !== "dry_run").map((p) => new URL(p.posterUrl).pathname);
}

function recall(found: string[], expected: string[]): number {
  const got = new Set(found);
  return expected.filter((p) => got.has(p)).length / expected.length;
}

async function jobsOf(platform: string) {
  return (await allJobs(harness.services)).filter((j) => j.platform === platform);
}

describe("crawling the fixture catalogs through the real job creator", () => {
  it(
    "infinite scroll with lazy and slow images: every poster, no site chrome, exact counts; a second crawl finds them cached",
    async () => {
      const expected = expectedPosterPaths("infinite");
      const run = await harness.crawls.run({ platform: "example-infinite-scroll", trigger: "cli" });
      expect(run.status).toBe("COMPLETED");
      const found = submittedPaths(run);
      expect(recall(found, expected)).toBeGreaterThanOrEqual(0.99);
      expect(found.filter((p) => !expected.includes(p))).toEqual([]);
      expect(run.counts, JSON.stringify(run.errors)).toMatchObject({
        discovered: expected.length,
        submitted: expected.length,
        cached: 0,
        inFlight: 0,
        errors: 0,
        pages: 1,
      });
      expect(run.errors).toEqual([]);

      const jobs = await jobsOf("example-infinite-scroll");
      expect(jobs).toHaveLength(expected.length);
      expect(jobs.some((j) => CHROME_PATHS.includes(new URL(j.posterUrl).pathname))).toBe(false);
      const first = jobs.find((j) => j.posterUrl.endsWith("/inf-1-400.jpg"));
      expect(first).toMatchObject({
        artworkType: "poster",
        pageUrl: catalog.url("/detail/inf-1"),
        metadata: {
          title: "The Harbor Paper 1",
          catalogUrl: catalog.url("/infinite/"),
          crawlRunId: run.runId,
        },
      });
      // The browser that crawled identified itself with the configured user agent.
      expect(catalog.requestsUnder("/api/infinite")[0]?.userAgent).toContain("PosterGuardBot");

      harness.startWorkers();
      await waitForWorkers(harness.services, 120_000);
      const again = await harness.crawls.run({ platform: "example-infinite-scroll", trigger: "cli" });
      expect(again.counts, JSON.stringify(again.errors)).toMatchObject({
        discovered: expected.length,
        submitted: 0,
        cached: expected.length,
        inFlight: 0,
        errors: 0,
      });
      expect(again.posters.every((p) => p.outcome === "cached" && p.jobId)).toBe(true);
      expect(await jobsOf("example-infinite-scroll")).toHaveLength(expected.length);
    },
    SLOW,
  );

  it(
    "paginated grid: largest srcset and picture candidates, the flaky page retried, the broken image an error with its reason, detail pages read, the disallowed section never requested",
    async () => {
      const expected = expectedPosterPaths("grid");
      const run = await harness.crawls.run({ platform: "example-paginated-grid", trigger: "cli" });
      expect(run.status).toBe("COMPLETED");
      const found = submittedPaths(run);
      expect(recall(found, expected)).toBeGreaterThanOrEqual(0.99);
      expect(found.filter((p) => !expected.includes(p))).toEqual([]);
      const posters = expected.length;
      expect(run.counts, JSON.stringify(run.errors)).toMatchObject({
        discovered: posters,
        submitted: posters - 1,
        cached: 0,
        inFlight: 0,
        errors: 1,
        retries: 1,
        pages: GRID_PAGES + posters,
      });
      expect(run.errors).toEqual([
        expect.objectContaining({
          kind: "poster",
          url: catalog.url(BROKEN_POSTER_PATH),
          code: "NOT_AN_IMAGE",
        }),
      ]);
      expect(run.errors[0]?.reason).toMatch(/\w+ \w+/);

      // robots.txt disallows /private/: the section link and the staff pick's image (so its tile and detail
      // page too) were left alone, by the crawler and by the browser.
      expect(catalog.requestsUnder("/private/")).toEqual([]);
      expect(run.counts.blocked).toBe(2);
      expect(catalog.requestsUnder("/robots.txt").length).toBeGreaterThanOrEqual(1);

      const jobs = await jobsOf("example-paginated-grid");
      expect(jobs).toHaveLength(posters - 1);
      const tvSeries = jobs.find((j) => j.posterUrl.endsWith("/grid1-3-600.jpg"));
      expect(tvSeries?.metadata).toMatchObject({
        title: "The Orbit Hollow 3",
        type: "TVSeries",
        genre: ["Thriller"],
        datePublished: "1993-05-01",
        foundBy: "tile",
      });
      expect(jobs.find((j) => j.posterUrl.endsWith("/grid1-5-800.webp"))).toBeDefined();
    },
    SLOW,
  );

  it(
    "carousel rows walked to their ends and CSS background tiles behind a load-more button",
    async () => {
      for (const [platform, site] of [
        ["example-carousels", "carousel"],
        ["example-css-backgrounds", "backgrounds"],
      ] as const) {
        const expected = expectedPosterPaths(site);
        const run = await harness.crawls.run({ platform, trigger: "cli" });
        const found = submittedPaths(run);
        expect(recall(found, expected), platform).toBeGreaterThanOrEqual(0.99);
        expect(
          found.filter((p) => !expected.includes(p)),
          platform,
        ).toEqual([]);
        expect(run.counts, platform).toMatchObject({
          discovered: expected.length,
          submitted: expected.length,
          errors: 0,
        });
      }
    },
    SLOW,
  );

  it(
    "the generic profile needs no selectors: same posters on every style, the sections its menu links to, the tabs and pages of a catalog, chrome ignored, and a dry run submits nothing",
    async () => {
      const before = (await allJobs(harness.services)).length;
      // Every page's header menu links "Browse" (the infinite catalog) and a disallowed staff section.
      const browse = expectedPosterPaths("infinite");
      for (const [path, site] of [
        ["/infinite/", "infinite"],
        ["/carousel/", "carousel"],
        ["/backgrounds/", "backgrounds"],
        ["/grid/?page=1", "grid"],
        ["/cookie/", "cookie"],
      ] as const) {
        const expected = [...new Set([...expectedPosterPaths(site), ...browse])];
        const run = await harness.crawls.run({ url: catalog.url(path), trigger: "cli", dryRun: true });
        const found = run.posters.map((p) => new URL(p.posterUrl).pathname);
        expect(run.platform).toBe("127-0-0-2");
        expect(recall(found, expected), path).toBe(1);
        expect(
          found.filter((p) => !expected.includes(p)),
          path,
        ).toEqual([]);
        expect(found.filter((p) => CHROME_PATHS.includes(p))).toEqual([]);
        expect(run.posters.every((p) => p.outcome === "dry_run")).toBe(true);
        expect(run.counts).toMatchObject({ discovered: expected.length, submitted: 0, cached: 0 });
        expect(run.counts.blocked, path).toBeGreaterThanOrEqual(1);
      }
      expect(catalog.requestsUnder("/private/")).toEqual([]);
      expect((await allJobs(harness.services)).length).toBe(before);
    },
    SLOW,
  );

  it(
    "caps: a poster cap and a page cap stop the run and say so",
    async () => {
      const byPosters = await harness.crawls.run({
        platform: "example-infinite-scroll",
        trigger: "cli",
        dryRun: true,
        limits: { maxPosters: 10 },
      });
      expect(byPosters.stoppedBy).toBe("maxPosters");
      expect(byPosters.counts.discovered).toBe(10);
      expect(byPosters.posters).toHaveLength(10);

      const byPages = await harness.crawls.run({
        url: catalog.url("/grid/?page=1"),
        trigger: "cli",
        dryRun: true,
        limits: { maxPages: 1 },
      });
      expect(byPages.stoppedBy).toBe("maxPages");
      expect(byPages.counts.pages).toBe(1);
      expect(byPages.counts.discovered).toBe(10);
    },
    SLOW,
  );
});
