import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CrawlRun } from "../../src/ports/crawl-run-store.js";
import { CatalogServer } from "./fixtures/catalog-server.js";
import { type CrawlHarness, loopbackBrowser, startCrawlHarness } from "./fixtures/crawl-harness.js";
import { GENERIC_CATALOGS } from "./fixtures/generic-catalogs.js";

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

function foundPaths(run: CrawlRun): string[] {
  return run.posters.map((p) => new URL(p.posterUrl).pathname);
}

describe("a crawl without a profile finds what a person sees on catalogs in styles nobody tuned it for", () => {
  for (const site of GENERIC_CATALOGS) {
    it(`${site.name}: ${site.style}`, async () => {
      const run = await harness.crawls.run({
        url: catalog.url(site.startPath),
        trigger: "cli",
        dryRun: true,
      });
      const found = foundPaths(run);
      expect(run.status).toBe("COMPLETED");
      expect(
        site.posters.filter((p) => !found.includes(p)),
        "posters missed",
      ).toEqual([]);
      expect(
        found.filter((p) => !site.posters.includes(p)),
        "not posters",
      ).toEqual([]);
      expect(found.filter((p) => site.nonPosters.includes(p))).toEqual([]);
      expect(run.counts.discovered).toBe(site.posters.length);
      // The section robots.txt disallows was linked, and never requested.
      expect(catalog.requestsUnder(`/private/${site.name}/`)).toEqual([]);
      expect(run.counts.blocked).toBeGreaterThanOrEqual(1);
    }, 90_000);
  }
});
