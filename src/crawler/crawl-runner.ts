import type { Browser, BrowserContext, Page, Request, Route } from "playwright-core";
import {
  type AgentStepReport,
  type CrawlCounts,
  type CrawlError,
  type CrawlRun,
  type CrawlStopReason,
  type CrawlTrigger,
  emptyCrawlCounts,
} from "../ports/crawl-run-store.js";
import type { AgentModel } from "./agent/agent-model.js";
import { runAgentSteps } from "./agent/run-agent-steps.js";
import { measureImage } from "./browser/measure-image.js";
import { trackContentRequests } from "./browser/network-activity.js";
import { PagePool } from "./browser/page-pool.js";
import { runInPage } from "./browser/run-in-page.js";
import { extractPosters, type FoundPoster } from "./extract/extract-posters.js";
import type { TitleMetadata } from "./extract/metadata.js";
import { scanPageInBrowser } from "./extract/page-scan.js";
import { looksLikeListing, titlePagePoster } from "./extract/title-page-poster.js";
import { type CrawlProxy, startCrawlProxy } from "./fence/crawl-proxy.js";
import type { FenceRefusal } from "./fence/fence-refusal.js";
import type { NetworkFence } from "./fence/network-fence.js";
import { walkCarousels } from "./navigate/carousel-walker.js";
import { otherPageUrls, sectionUrls } from "./navigate/page-links.js";
import { clickThroughPager } from "./navigate/pager-buttons.js";
import { scrollPage } from "./navigate/scroll-page.js";
import { walkTabs } from "./navigate/tab-walker.js";
import { titleLinksWithoutArt } from "./navigate/title-links.js";
import { waitForQuiet } from "./navigate/wait-for-quiet.js";
import { describePageError, isRetryablePageError, PageStatusError } from "./page-errors.js";
import { PosterSink } from "./poster-sink.js";
import type { Profile } from "./profile/profile-schema.js";
import { RequestQueue } from "./queue/request-queue.js";
import { RobotsPolicy } from "./robots/robots-policy.js";
import type { SubmitPoster } from "./submit/submit-poster.js";

export interface CrawlLimits {
  maxPages: number;
  maxPosters: number;
  maxSeconds: number;
}

export interface CrawlLog {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

export interface RunCrawlOptions {
  browser: Browser;
  runId: string;
  trigger: CrawlTrigger;
  dryRun?: boolean;
  limits: CrawlLimits;
  /** The browser's user agent (the profile's own wins). */
  userAgent: string;
  /** The token robots.txt groups are matched on. */
  robotsAgent: string;
  /** Carries out the profile's natural-language steps; without one, steps are reported as an error. */
  agent?: AgentModel;
  /** Cancels the run: nothing more is opened or handed off. */
  signal?: AbortSignal;
  /** The address rules for everything the run touches: the browser (through the run's proxy) and robots.txt. */
  fence: NetworkFence;
  /** Called after each page with the record so far. */
  onProgress?: (run: CrawlRun) => void;
  log?: CrawlLog;
  now?: () => Date;
  viewport?: { width: number; height: number };
}

/** `detail`: read for a tile's metadata; `title`: opened for the poster a listing did not show. */
type PageKind = "start" | "catalog" | "detail" | "title";

/** A detail page is read for its metadata: its images and fonts are not loaded. */
const SKIPPED_ON_DETAIL_PAGES = new Set(["image", "media", "font"]);

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * One crawl of one catalog: opens the start pages in a real browser, walks carousels, scrolls and
 * pages through the catalog, extracts every poster, and hands each to `submit`. Returns the run
 * record; it never throws for a page or a poster, only records why.
 */
export async function runCrawl(
  profile: Profile,
  options: RunCrawlOptions,
  submit: SubmitPoster,
): Promise<CrawlRun> {
  const now = options.now ?? (() => new Date());
  const log = options.log;
  const counts: CrawlCounts = emptyCrawlCounts();
  const errors: CrawlError[] = [];
  const agentSteps: AgentStepReport[] = [];
  const run: CrawlRun = {
    runId: options.runId,
    platform: profile.platform,
    trigger: options.trigger,
    dryRun: options.dryRun ?? false,
    status: "RUNNING",
    startUrls: profile.startUrls,
    startedAt: now().toISOString(),
    counts,
    errors,
    posters: [],
  };
  const recordError = (error: Omit<CrawlError, "at">) => {
    errors.push({ ...error, at: now().toISOString() });
    counts.errors = errors.length;
  };

  const userAgent = profile.userAgent ?? options.userAgent;
  const robots = new RobotsPolicy({
    agent: options.robotsAgent,
    userAgent,
    mode: profile.robots,
    fence: options.fence,
  });
  const queue = new RequestQueue<{ kind: PageKind; from?: string }>({
    concurrency: profile.limits.concurrency,
    maxAttempts: profile.limits.maxAttempts,
    retryDelayMs: profile.limits.retryDelayMs,
    hostDelayMs: (url) => Math.max(profile.limits.minDelayMs, robots.crawlDelayMs(url) ?? 0),
  });
  const stop = new AbortController();
  let stoppedBy: CrawlStopReason | undefined;
  /** Ends the run; pages being crawled are closed unless the page cap was reached (they finish). */
  const halt = (reason: CrawlStopReason) => {
    stoppedBy ??= reason;
    if (reason === "maxPages") queue.stop();
    else stop.abort();
  };
  const onCancel = () => halt("cancelled");
  options.signal?.addEventListener("abort", onCancel, { once: true });
  if (options.signal?.aborted) halt("cancelled");
  const deadline = setTimeout(() => halt("maxSeconds"), options.limits.maxSeconds * 1000);

  const allowedHosts = new Set(
    [...profile.startUrls.map(hostOf), ...profile.allowedHosts.map((h) => h.toLowerCase())].filter(
      (h): h is string => !!h,
    ),
  );
  const blocked = new Set<string>();
  const block = (url: string) => {
    blocked.add(url);
    counts.blocked = blocked.size;
  };
  const sink = new PosterSink({
    platform: profile.platform,
    artworkType: profile.artworkType,
    runId: options.runId,
    dryRun: run.dryRun,
    maxPosters: options.limits.maxPosters,
    submitConcurrency: profile.limits.submitConcurrency,
    submit,
    counts,
    errors,
    now,
  });
  /** Detail pages read (their metadata) or given up on (null). */
  const details = new Map<string, TitleMetadata | null>();
  stop.signal.addEventListener("abort", () => queue.stop(), { once: true });

  /** Queues a page unless robots.txt, the host list or the page cap forbids it. */
  const enqueue = async (url: string, kind: PageKind, from?: string): Promise<boolean> => {
    const host = hostOf(url);
    if (!host || !allowedHosts.has(host) || queue.has(url)) return false;
    if (!(await robots.isAllowed(url))) {
      block(url);
      return false;
    }
    return queue.add(url, from ? { kind, from } : { kind });
  };

  const addPosters = async (found: FoundPoster[]): Promise<number> => {
    let fresh = 0;
    for (const poster of found) {
      if (!(await robots.isAllowed(poster.posterUrl))) {
        block(poster.posterUrl);
        continue;
      }
      const added = sink.add(poster);
      if (added.kind === "full") {
        halt("maxPosters");
        break;
      }
      if (added.kind !== "new") continue;
      fresh += 1;
      const detailUrl = profile.detail.follow ? poster.detailUrl : undefined;
      const read = detailUrl ? details.get(detailUrl) : undefined;
      if (detailUrl && read === undefined && !details.has(detailUrl)) {
        if (queue.has(detailUrl) || (await enqueue(detailUrl, "detail"))) {
          sink.holdForDetail(added.entry, detailUrl);
          continue;
        }
      }
      if (read) sink.mergeMetadata(added.entry, read);
      sink.release(added.entry);
    }
    return fresh;
  };

  /** Each refusal counts as blocked; the first hundred distinct ones are also listed as errors. */
  const fenceRefusals = new Set<string>();
  const fenceRefused = (refusal: FenceRefusal) => {
    block(refusal.target);
    if (fenceRefusals.has(refusal.target) || fenceRefusals.size >= 100) return;
    fenceRefusals.add(refusal.target);
    recordError({ kind: "blocked", url: refusal.target, code: "BLOCKED_ADDRESS", reason: refusal.reason });
  };

  let proxy: CrawlProxy | undefined;
  let context: BrowserContext | undefined;
  let pool: PagePool<PageKind> | undefined;
  try {
    proxy = await startCrawlProxy(options.fence, { onRefused: fenceRefused });
    context = await options.browser.newContext({
      // Loopback too goes through the proxy (Chromium would otherwise connect to it directly).
      proxy: { server: proxy.server, bypass: "<-loopback>" },
      userAgent,
      viewport: options.viewport ?? { width: 1280, height: 1024 },
      serviceWorkers: "block",
      acceptDownloads: false,
    });
    context.setDefaultNavigationTimeout(profile.limits.navigationTimeoutMs);
    context.setDefaultTimeout(profile.limits.navigationTimeoutMs);
    // A request of a tab closed meanwhile cannot be continued or aborted any more; nothing to do then.
    await context.route("**/*", (route) => guardRequest(route).catch(() => {}));

    for (const url of profile.startUrls) {
      if (!(await enqueue(url, "start")) && !queue.has(url)) {
        recordError({
          kind: "robots",
          url,
          code: "ROBOTS_DISALLOWED",
          reason: "robots.txt disallows this start page",
        });
      }
    }

    const tabs = new PagePool<PageKind>(context);
    pool = tabs;
    stop.signal.addEventListener("abort", () => void tabs.closeAll());
    let pagesOpened = 0;
    let pagesCrawled = 0;

    await queue.run(
      async (request) => {
        if (request.attempts === 1) {
          if (pagesOpened >= options.limits.maxPages) {
            halt("maxPages");
            return;
          }
          pagesOpened += 1;
          counts.pages = pagesOpened;
        }
        const page = await tabs.take(request.data.kind);
        try {
          await crawlPage(page, request.url, request.data.kind, request.data.from);
          pagesCrawled += 1;
          tabs.give(page);
        } catch (error) {
          await tabs.discard(page);
          throw error;
        } finally {
          options.onProgress?.(snapshot());
        }
      },
      {
        isRetryable: (error) => !stop.signal.aborted && isRetryablePageError(error),
        onRetry: (request, error, delayMs) => {
          counts.retries += 1;
          log?.info(
            { url: request.url, attempt: request.attempts, delayMs, ...describePageError(error) },
            "page failed; retrying",
          );
        },
        onGiveUp: (request, error) => {
          if (request.data.kind === "detail") detailFailed(request.url);
          if (stop.signal.aborted) return;
          const { code, reason } = describePageError(error);
          recordError({ kind: "page", url: request.url, code, reason, attempts: request.attempts });
        },
      },
    );
    for (const problem of robots.problems) recordError({ kind: "robots", ...problem });
    if (options.signal?.aborted) sink.cancel();
    await sink.drain();
    run.status = pagesCrawled === 0 && profile.startUrls.length > 0 && !stoppedBy ? "FAILED" : "COMPLETED";
  } catch (error) {
    recordError({
      kind: "run",
      url: profile.startUrls[0] ?? "",
      code: (error as { code?: string }).code ?? "CRAWL_FAILED",
      reason: (error as Error).message,
    });
    sink.cancel();
    await sink.drain().catch(() => {});
    run.status = "FAILED";
  } finally {
    clearTimeout(deadline);
    options.signal?.removeEventListener("abort", onCancel);
    await pool?.closeAll();
    await context?.close().catch(() => {});
    await proxy?.close();
  }
  run.finishedAt = now().toISOString();
  if (stoppedBy) run.stoppedBy = stoppedBy;
  return snapshot();

  function snapshot(): CrawlRun {
    const copy: CrawlRun = { ...run, counts: { ...counts }, errors: [...errors], posters: sink.records() };
    if (agentSteps.length > 0) copy.agentSteps = [...agentSteps];
    if (stoppedBy) copy.stoppedBy = stoppedBy;
    return copy;
  }

  function detailFailed(url: string): void {
    details.set(url, null);
    sink.releaseDetail(url);
  }

  function pageKindOf(request: Request): PageKind | undefined {
    try {
      return pool?.kindOf(request.frame().page());
    } catch {
      return undefined; // a service worker's request has no frame
    }
  }

  async function guardRequest(route: Route): Promise<void> {
    const request = route.request();
    const url = request.url();
    if (!/^https?:/i.test(url)) return route.continue();
    if (SKIPPED_ON_DETAIL_PAGES.has(request.resourceType()) && pageKindOf(request) === "detail") {
      return route.abort("blockedbyclient");
    }
    const isDocument = request.isNavigationRequest();
    const allowed = isDocument ? await robots.isAllowed(url) : robots.knownVerdict(url);
    if (allowed === false) {
      block(url);
      return route.abort("blockedbyclient");
    }
    return route.continue();
  }

  async function crawlPage(page: Page, url: string, kind: PageKind, from?: string): Promise<void> {
    const response = await page.goto(url, { waitUntil: "domcontentloaded" });
    if (response && response.status() >= 400) throw new PageStatusError(url, response.status());
    // Slow images must not hold the crawl: the load event is awaited only for a while.
    await page.waitForLoadState("load", { timeout: kind === "detail" ? 2000 : 3000 }).catch(() => {});
    const shape = profile.posterShape;
    const tiles = kind === "detail" || kind === "title" ? undefined : profile.tiles;
    const scan = () => runInPage(page, scanPageInBrowser, { tiles, onlyChanged: true, maxImages: 20_000 });

    if (kind === "detail") {
      // Opened for a tile's poster: the page adds what it says about the title, not posters of its own.
      const { pageMetadata } = extractPosters(await scan(), shape);
      details.set(url, pageMetadata);
      sink.applyDetail(url, pageMetadata);
      return;
    }

    await waitForQuiet(page);
    if (kind === "title") {
      const first = await scan();
      if (!looksLikeListing(first, shape)) {
        const found = await titlePagePoster(first, shape, from ?? url, (image) => measureImage(page, image));
        if (found && !stop.signal.aborted) await addPosters([found]);
        return;
      }
      // A genre or collection named in a text link: crawled as the listing it is.
      await addPosters(extractPosters(first, shape).posters);
    }
    if (kind === "start") await prepareStartPage(page);
    const collect = async () => {
      if (stop.signal.aborted) return 0;
      return addPosters(extractPosters(await scan(), shape).posters);
    };
    await collect();
    await walkCarousels(page, profile.navigation, collect, stop.signal);
    if (profile.navigation.tabs === "auto") await walkTabs(page, collect, stop.signal);
    const network = trackContentRequests(page);
    try {
      await scrollPage(page, profile.navigation, collect, stop.signal, network.pending);
    } finally {
      network.stop();
    }
    await collect();
    if (profile.navigation.nextPage === "auto") await clickThroughPager(page, collect, stop.signal);
    if (stop.signal.aborted) return;
    for (const other of await otherPageUrls(page, profile.navigation)) await enqueue(other, "catalog");
    for (const section of await sectionUrls(page, profile.navigation)) await enqueue(section, "catalog");
    if (profile.detail.discover) {
      for (const title of await titleLinksWithoutArt(page)) await enqueue(title, "title", url);
    }
  }

  async function prepareStartPage(page: Page): Promise<void> {
    for (const selector of profile.clickIfPresent) {
      const target = page.locator(selector).first();
      if ((await target.count()) > 0 && (await target.isVisible())) {
        await target.click({ timeout: 5000 }).catch(() => {});
      }
    }
    if (profile.steps.length === 0) return;
    if (!options.agent) {
      if (!errors.some((e) => e.code === "AGENT_NOT_CONFIGURED")) {
        recordError({
          kind: "agent",
          url: page.url(),
          code: "AGENT_NOT_CONFIGURED",
          reason: "the profile has steps but no vision model is configured (CRAWL_AGENT_MODEL)",
        });
      }
      return;
    }
    const reports = await runAgentSteps(page, profile.steps, options.agent, {
      budget: profile.stepBudget,
      signal: stop.signal,
    });
    agentSteps.push(...reports);
    for (const report of reports.filter((r) => !r.completed)) {
      recordError({
        kind: "agent",
        url: report.pageUrl,
        code: "AGENT_STEP_INCOMPLETE",
        reason: `"${report.step}" not done after ${report.actions.length} of ${profile.stepBudget} actions`,
      });
    }
    const host = hostOf(page.url());
    if (host && !allowedHosts.has(host)) {
      recordError({
        kind: "agent",
        url: page.url(),
        code: "AGENT_LEFT_CATALOG",
        reason: "the steps led to another site; nothing there is crawled",
      });
      halt("cancelled");
    }
  }
}
