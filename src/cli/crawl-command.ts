import { openDatabase } from "../adapters/embedded/open-database.js";
import { SqliteCrawlRunStore } from "../adapters/embedded/sqlite-crawl-run-store.js";
import { compose } from "../compose.js";
import type { Config } from "../config.js";
import { crawlAgentOf } from "../crawler/agent/agent-from-config.js";
import type { OpenBrowser } from "../crawler/browser/launch-browser.js";
import { childProcessExecutor } from "../crawler/child/child-process-executor.js";
import { crawlSettingsOf } from "../crawler/crawl-config.js";
import { createNetworkFence } from "../crawler/fence/network-fence.js";
import { ProfileError, ProfileNotFoundError, ProfileSource } from "../crawler/profile/load-profile.js";
import { httpSubmitter } from "../crawler/submit/http-submitter.js";
import { inProcessSubmitter, type SubmitPoster } from "../crawler/submit/submit-poster.js";
import { newUlid } from "../ids/new-ulid.js";
import { createLogger } from "../observability/logger.js";
import { systemClock } from "../ports/clock.js";
import type { CrawlRun } from "../ports/crawl-run-store.js";
import { CrawlAlreadyRunningError, createCrawlService } from "../services/run-crawl.js";
import { formatTable } from "./print-table.js";

export interface CrawlCommandOptions {
  /** Crawl this one URL with the generic profile instead of a platform's profile. */
  url?: string;
  /** With --url: record the run (and the posters) under this platform. */
  platform?: string;
  /** Submit to a PosterGuard server instead of this process's job creator. */
  apiUrl?: string;
  /** The server's API key (else POSTERGUARD_API_KEY), sent as `Authorization: Bearer`. */
  apiKey?: string;
  dryRun?: boolean;
  format: "table" | "json";
  maxPages?: number;
  maxPosters?: number;
  maxSeconds?: number;
  /** Where the output goes (tests); the process's streams by default. */
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
  /** A browser in this process instead of a child process with CHROMIUM_PATH (tests, benchmarks). */
  openBrowser?: OpenBrowser;
  /** More Chromium flags for the child's browser (tests keep it on loopback with --host-resolver-rules). */
  browserArgs?: string[];
}

/**
 * `posterguard crawl <platform>` and `posterguard crawl --url <url>`: one crawl, in the foreground.
 * Exit 0 when it completed without errors, 1 when some pages or posters failed, 2 when it could
 * not run at all.
 */
export async function crawlCommand(
  config: Config,
  args: string[],
  options: CrawlCommandOptions,
): Promise<number> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const platform = args[0];
  if (!platform && !options.url) {
    stderr.write("posterguard crawl: name a platform (a profile in PROFILES_DIR) or give --url <url>\n");
    return 2;
  }
  if (platform && options.url) {
    stderr.write(
      "posterguard crawl: give a platform or --url, not both (use --platform to name a --url crawl)\n",
    );
    return 2;
  }
  const log = createLogger(config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL, stderr);
  const settings = crawlSettingsOf(config);
  const profiles = new ProfileSource(settings.profilesDir);
  // A platform without a valid profile stops here, before anything is opened or written.
  if (platform) {
    try {
      profiles.load(platform);
    } catch (error) {
      if (!(error instanceof ProfileNotFoundError || error instanceof ProfileError)) throw error;
      stderr.write(`posterguard crawl: ${error.message}\n`);
      return 2;
    }
  }
  // Records are kept where posters go: in DATA_DIR for this process's job creator, else only printed.
  const keepsRecords = !options.apiUrl && !options.dryRun;
  const services = keepsRecords ? compose(config, log) : undefined;
  // Without a job store the run lives in memory for the length of the command.
  const memory = openDatabase(":memory:");
  const runs = services?.crawlRuns ?? new SqliteCrawlRunStore(memory);
  const apiKey = options.apiKey ?? process.env.POSTERGUARD_API_KEY;
  const submit: SubmitPoster = options.apiUrl
    ? httpSubmitter({
        apiUrl: options.apiUrl,
        ...(apiKey ? { headers: { authorization: `Bearer ${apiKey}` } } : {}),
      })
    : services
      ? inProcessSubmitter(services.createJob)
      : async () => {
          throw new Error("a dry run submits nothing");
        };
  const agent = crawlAgentOf(config);
  const fenceRules = {
    allowPrivate: config.FETCH_ALLOW_PRIVATE,
    allowedCidrs: [...config.FETCH_ALLOWED_CIDRS],
  };
  // The browser runs in a child process without this process's keys; its posters come back here.
  const where = options.openBrowser
    ? { openBrowser: options.openBrowser }
    : {
        executor: childProcessExecutor({
          browser: {
            executablePath: settings.chromiumPath,
            sandbox: settings.chromiumSandbox ?? "auto",
            ...(options.browserArgs ? { extraArgs: options.browserArgs } : {}),
          },
          fence: fenceRules,
          ...(agent ? { agent } : {}),
        }).execute,
      };
  const crawls = createCrawlService({
    runs,
    profiles,
    submit,
    ...where,
    settings,
    fence: createNetworkFence(fenceRules),
    clock: systemClock,
    log,
    newRunId: newUlid,
    ...(agent ? { agent } : {}),
  });
  let progress: NodeJS.Timeout | undefined;
  try {
    const { run: first, done } = await startRun(crawls, platform, options);
    if (options.format === "table") stderr.write(`Crawling ${first.platform} (run ${first.runId})…\n`);
    if (stderr.isTTY && options.format === "table") {
      progress = setInterval(() => {
        void crawls.get(first.runId).then((run) => {
          if (run) stderr.write(`\r\x1b[2K${countsLine(run)}`);
        });
      }, 1000);
    }
    const run = await done;
    if (progress) stderr.write("\r\x1b[2K");
    if (options.format === "json") stdout.write(`${JSON.stringify(run, null, 2)}\n`);
    else stdout.write(renderRun(run));
    if (run.status !== "COMPLETED") return 2;
    return run.counts.errors > 0 ? 1 : 0;
  } catch (error) {
    if (
      error instanceof ProfileNotFoundError ||
      error instanceof ProfileError ||
      error instanceof CrawlAlreadyRunningError
    ) {
      stderr.write(`posterguard crawl: ${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    clearInterval(progress);
    await crawls.close();
    memory.close();
    await services?.close();
  }
}

function startRun(
  crawls: ReturnType<typeof createCrawlService>,
  platform: string | undefined,
  options: CrawlCommandOptions,
) {
  const limits = {
    ...(options.maxPages ? { maxPages: options.maxPages } : {}),
    ...(options.maxPosters ? { maxPosters: options.maxPosters } : {}),
    ...(options.maxSeconds ? { maxSeconds: options.maxSeconds } : {}),
  };
  return crawls.launch({
    trigger: "cli",
    dryRun: options.dryRun ?? false,
    limits,
    ...(options.url ? { url: options.url } : {}),
    ...(options.url && options.platform ? { platform: options.platform } : {}),
    ...(platform ? { platform } : {}),
  });
}

function countsLine(run: CrawlRun): string {
  const c = run.counts;
  return (
    `discovered ${c.discovered}  submitted ${c.submitted}  cached ${c.cached}  in flight ${c.inFlight}  ` +
    `errors ${c.errors}  pages ${c.pages}  retries ${c.retries}  blocked ${c.blocked}`
  );
}

function renderRun(run: CrawlRun): string {
  const seconds = run.finishedAt
    ? ((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(1)
    : "?";
  const lines = [
    `Crawl ${run.runId} of ${run.platform}${run.dryRun ? " (dry run)" : ""}: ${run.status} in ${seconds} s` +
      (run.stoppedBy ? `, stopped by ${run.stoppedBy}` : ""),
    countsLine(run),
    "",
  ];
  let out = lines.join("\n");
  if (run.dryRun) {
    out += `Would submit ${run.posters.length} poster(s):\n`;
    out += formatTable(
      ["POSTER", "PAGE", "TITLE"],
      run.posters.map((p) => [p.posterUrl, p.pageUrl, p.title ?? ""]),
    );
  }
  if (run.errors.length > 0) {
    out += `\n${run.errors.length} error(s):\n`;
    out += formatTable(
      ["KIND", "CODE", "URL", "REASON"],
      run.errors.map((e) => [e.kind, e.code, e.url, e.reason]),
    );
  }
  return out;
}
