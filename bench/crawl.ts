/**
 * Crawler benchmark, printed as JSON: posters discovered per minute on a fixture catalog of
 * 2,000 posters (infinite scroll, lazy images, site chrome), the browser's start-up time, and
 * the peak memory of the crawl (this process plus every Chromium process, proportional set size).
 *
 *   node --import tsx bench/crawl.ts [--posters 2000] [--profile tiles|generic] [--submit]
 *
 * --submit hands every poster to the real job creator (SQLite, fetch, image gate) instead of a
 * dry run, so the figure includes the hand-off.
 */
// First, before compose: config.ts and auth/access-control.ts import each other.
import "../src/config.js";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ulid } from "ulid";
import { compose } from "../src/compose.js";
import { loadConfig } from "../src/config.js";
import { launchBrowser } from "../src/crawler/browser/launch-browser.js";
import { runCrawl } from "../src/crawler/crawl-runner.js";
import { createNetworkFence } from "../src/crawler/fence/network-fence.js";
import { loadProfileFile, parseProfile } from "../src/crawler/profile/load-profile.js";
import { inProcessSubmitter, type SubmitPoster } from "../src/crawler/submit/submit-poster.js";
import { createLogger } from "../src/observability/logger.js";
import { expectedPosterPaths } from "../test/crawler/fixtures/catalog-data.js";
import { CatalogServer } from "../test/crawler/fixtures/catalog-server.js";
import { CHROMIUM, SHIPPED_PROFILES } from "../test/crawler/fixtures/crawl-harness.js";
import { makeDataDir, testEnv } from "../test/support/start-app.js";

const { values } = parseArgs({
  options: {
    posters: { type: "string", default: "2000" },
    profile: { type: "string", default: "tiles" },
    submit: { type: "boolean", default: false },
  },
});
const total = Number(values.posters);

/** Proportional set size of a process in bytes (shared pages split between their users). */
function pssBytes(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    const kb = /^Pss:\s+(\d+) kB/m.exec(rollup)?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** This process and all its descendants (Chromium's browser, renderer, GPU and utility processes). */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // the process ended while we looked
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i] as number) ?? []));
  return tree;
}

function sampleMemory(): { total: number; node: number; browser: number } {
  const pids = processTree(process.pid);
  const node = pssBytes(process.pid);
  const all = pids.reduce((sum, pid) => sum + pssBytes(pid), 0);
  return { total: all, node, browser: all - node };
}

if (!existsSync(CHROMIUM)) {
  process.stderr.write(`no Chromium at ${CHROMIUM}; set CHROMIUM_PATH\n`);
  process.exit(2);
}

const catalog = await new CatalogServer().start();
// The fixture draws each poster with sharp on first request; drawing them all first keeps that
// cost out of the crawl's figures.
await catalog.warm(expectedPosterPaths("infinite", total));
const dataDir = makeDataDir();
const services = values.submit
  ? compose(
      loadConfig({ ...testEnv(dataDir, { FETCH_TIMEOUT_MS: "15000" }), POSTERGUARD_CONFIG: "/nonexistent" }),
      createLogger("silent"),
    )
  : undefined;
const launchStarted = performance.now();
const browser = await launchBrowser({
  executablePath: CHROMIUM,
  extraArgs: ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE 127.0.0.2"],
});
const launchMs = performance.now() - launchStarted;

const startUrl = catalog.url(`/infinite/?total=${total}`);
const profile =
  values.profile === "generic"
    ? parseProfile(
        { ...parseYamlProfile("generic.yaml"), platform: "bench", startUrls: [startUrl] },
        "generic.yaml",
      )
    : {
        ...loadProfileFile(join(SHIPPED_PROFILES, "example-infinite-scroll.yaml"), {
          EXAMPLE_CATALOG_ORIGIN: catalog.origin,
        }),
        startUrls: [startUrl],
      };

function parseYamlProfile(file: string): Record<string, unknown> {
  const {
    platform: _platform,
    startUrls: _startUrls,
    ...rest
  } = loadProfileFile(join(SHIPPED_PROFILES, file), {});
  return rest;
}

let peak = sampleMemory();
const sampler = setInterval(() => {
  const now = sampleMemory();
  if (now.total > peak.total) peak = now;
}, 250);

const submit: SubmitPoster = services
  ? inProcessSubmitter(services.createJob)
  : async () => {
      throw new Error("dry run");
    };
const started = performance.now();
const run = await runCrawl(
  profile,
  {
    browser,
    runId: ulid(),
    trigger: "cli",
    dryRun: !values.submit,
    limits: { maxPages: 10, maxPosters: total * 2, maxSeconds: 1800 },
    userAgent: "Mozilla/5.0 (compatible; PosterGuardBot/0.1; bench)",
    robotsAgent: "PosterGuardBot",
    fence: createNetworkFence({ allowPrivate: false, allowedCidrs: ["127.0.0.2/32"] }),
  },
  submit,
);
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);

const expected = new Set(expectedPosterPaths("infinite", total).map((p) => catalog.url(p)));
const found = run.posters.filter((p) => expected.has(p.posterUrl)).length;
const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
process.stdout.write(
  `${JSON.stringify(
    {
      benchmark: "crawl",
      catalog: { style: "infinite scroll, lazy images, site chrome", posters: total },
      profile: values.profile,
      mode: values.submit ? "submit to the in-process job creator" : "dry run (discovery only)",
      browserLaunchMs: Math.round(launchMs),
      seconds: Math.round(seconds * 10) / 10,
      discovered: run.counts.discovered,
      recall: Math.round((found / expected.size) * 10_000) / 10_000,
      postersPerMinute: Math.round((run.counts.discovered / seconds) * 60),
      counts: run.counts,
      peakMemoryMiB: { total: mib(peak.total), node: mib(peak.node), browser: mib(peak.browser) },
      cpus: (await import("node:os")).cpus().length,
      loadAverage: (await import("node:os")).loadavg().map((l) => Math.round(l * 10) / 10),
    },
    null,
    2,
  )}\n`,
);

await browser.close();
await services?.close();
await catalog.stop();
rmSync(dataDir, { recursive: true, force: true });
