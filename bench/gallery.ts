/**
 * Gallery query time at 100,000 posters in the embedded store: the SQLite poster index behind
 * the dashboard's gallery, filters, counts, title search, overview stats and exports, then the
 * whole gallery page rendered over HTTP. Prints JSON.
 *
 *   node --import tsx bench/gallery.ts [posters]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compose } from "../src/compose.js";
import { loadConfig } from "../src/config.js";
import { buildApp } from "../src/http/build-app.js";
import { createLogger } from "../src/observability/logger.js";
import type { GalleryFilter } from "../src/ports/poster-index.js";
import { syntheticEntries } from "../test/web/support/synthetic-index.js";

const POSTERS = Number(process.argv[2] ?? 100_000);
const RUNS = 25;
const WARMUP = 3;

function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const round = (n: number) => Math.round(n * 100) / 100;
  return { p50Ms: round(at(0.5)), p95Ms: round(at(0.95)), maxMs: round(sorted.at(-1) ?? 0) };
}

async function time(fn: () => Promise<unknown>) {
  for (let i = 0; i < WARMUP; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return summary(samples);
}

const dataDir = mkdtempSync(join(tmpdir(), "posterguard-bench-gallery-"));
try {
  const config = loadConfig(
    { DATA_DIR: dataDir, LOG_LEVEL: "silent", POSTERGUARD_CONFIG: "/nonexistent", WORKER_CONCURRENCY: "0" },
    { PORT: "0" },
  );
  const services = compose(config, createLogger("silent"));
  const index = services.posterIndex;

  const entries = syntheticEntries(POSTERS, 2025);
  const loadStarted = performance.now();
  for (let i = 0; i < entries.length; i += 5000) await index.upsertMany(entries.slice(i, i + 5000));
  const loadMs = Math.round(performance.now() - loadStarted);

  const filters: Record<string, GalleryFilter> = {
    none: {},
    platform: { platform: "kidsbox" },
    status: { status: "violating" },
    commonCode: { code: "LOW_RESOLUTION" },
    rareCode: { code: "HATE_SYMBOLS" },
    minSeverityHigh: { minSeverity: "HIGH" },
    notReviewed: { reviewed: "no" },
    reviewQueue: { status: "violating", reviewed: "no" },
    codeOnPlatformNotReviewed: { code: "LETTERBOXING", platform: "streamflix", reviewed: "no" },
    titleWord: { q: "harbor" },
    titleTwoWords: { q: "night harbor" },
    titleRare: { q: "kingdom 4242" },
    titleShort: { q: "77" },
  };

  const queries: Record<string, unknown> = {};
  for (const [name, filter] of Object.entries(filters)) {
    const first = await index.search({ ...filter, limit: 48 });
    queries[name] = {
      matches: await index.count(filter),
      firstPage: await time(() => index.search({ ...filter, limit: 48 })),
      count: await time(() => index.count(filter)),
      ...(first.nextCursor
        ? { secondPage: await time(() => index.search({ ...filter, limit: 48, cursor: first.nextCursor })) }
        : {}),
    };
  }

  // A page deep in the gallery: the cursor of page 1000 is fetched once, then timed.
  let cursor: string | undefined;
  for (let page = 1; page < 1000 && (page === 1 || cursor); page++) {
    cursor = (await index.search({ limit: 48, ...(cursor ? { cursor } : {}) })).nextCursor;
  }
  const deepPage = cursor ? await time(() => index.search({ limit: 48, cursor })) : undefined;
  const stats = await time(() => index.stats());

  const exportStarted = performance.now();
  let exported = 0;
  let next: string | undefined;
  do {
    const page = await index.search({ limit: 1000, ...(next ? { cursor: next } : {}) });
    exported += page.items.length;
    next = page.nextCursor;
  } while (next);
  const exportAllMs = Math.round(performance.now() - exportStarted);

  const app = await buildApp(services);
  await app.ready();
  const page = (url: string) =>
    app.inject({ method: "GET", url, remoteAddress: "127.0.0.1", headers: { host: "127.0.0.1" } });
  const check = await page("/ui/posters");
  if (check.statusCode !== 200) throw new Error(`gallery answered ${check.statusCode}`);
  const http = {
    gallery: await time(() => page("/ui/posters")),
    galleryFiltered: await time(() => page("/ui/posters?code=LETTERBOXING&reviewed=no&q=night")),
    overview: await time(() => page("/")),
    apiList: await time(() => page("/posters?status=violating&limit=50&withTotal=true")),
  };
  await app.close();
  await services.close();

  process.stdout.write(
    `${JSON.stringify(
      {
        benchmark: "gallery",
        posters: POSTERS,
        runsPerQuery: RUNS,
        loadMs,
        queries,
        deepPage1000: deepPage,
        overviewStats: stats,
        exportAll: { rows: exported, ms: exportAllMs },
        http,
      },
      null,
      2,
    )}\n`,
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
