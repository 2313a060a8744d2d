import { existsSync } from "node:fs";
import type { Browser } from "playwright-core";

export interface LaunchOptions {
  /** The system Chromium; playwright's own browser download is never used. */
  executablePath: string;
  /** Added to the defaults, e.g. `--host-resolver-rules=…` to keep a test on loopback. */
  extraArgs?: string[];
  timeoutMs?: number;
}

export class BrowserUnavailableError extends Error {
  override readonly name = "BrowserUnavailableError";
  readonly code = "BROWSER_UNAVAILABLE";
}

/** Flags for a headless crawler: no sandbox (containers), and no traffic of the browser's own. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-default-apps",
  "--disable-domain-reliability",
  "--disable-sync",
  "--disable-quic",
  // WebRTC's UDP would go around the crawl's proxy (src/crawler/fence): only proxied TCP is left to it.
  "--webrtc-ip-handling-policy=disable_non_proxied_udp",
  "--metrics-recording-only",
  "--no-first-run",
  "--no-default-browser-check",
  "--mute-audio",
];

/** Headless Chromium with a fresh, temporary profile (playwright-core removes it on close). */
export async function launchBrowser(options: LaunchOptions): Promise<Browser> {
  if (!existsSync(options.executablePath)) {
    throw new BrowserUnavailableError(
      `no Chromium at ${options.executablePath}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`,
    );
  }
  // Loaded on first use: commands that never crawl do not pay for playwright-core at start-up.
  const { chromium } = await import("playwright-core");
  try {
    return await chromium.launch({
      executablePath: options.executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS, ...(options.extraArgs ?? [])],
      timeout: options.timeoutMs ?? 60_000,
    });
  } catch (error) {
    throw new BrowserUnavailableError(
      `Chromium at ${options.executablePath} did not start: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** A browser to crawl with, and what to do when the run is over with it. */
export interface BrowserLease {
  browser: Browser;
  release(): Promise<void>;
}

export type OpenBrowser = () => Promise<BrowserLease>;

/** One browser per run, closed afterwards: nothing stays in memory between runs. */
export function browserPerRun(options: LaunchOptions): OpenBrowser {
  return async () => {
    const browser = await launchBrowser(options);
    return { browser, release: () => browser.close() };
  };
}

/**
 * One browser for every run that overlaps (each run has its own context, so no cookies or cache
 * are shared), launched on first use and closed when the last run is over. Crawls of several
 * platforms at the same tick then cost one Chromium, not one each.
 */
export function browserOnDemand(options: LaunchOptions): OpenBrowser {
  let browser: Promise<Browser> | undefined;
  let users = 0;
  return async () => {
    users += 1;
    try {
      browser ??= launchBrowser(options).then((launched) => {
        launched.on("disconnected", () => {
          browser = undefined;
        });
        return launched;
      });
      const current = await browser;
      let released = false;
      return {
        browser: current,
        release: async () => {
          if (released) return;
          released = true;
          users -= 1;
          if (users === 0 && browser) {
            browser = undefined;
            await current.close();
          }
        },
      };
    } catch (error) {
      users -= 1;
      browser = undefined;
      throw error;
    }
  };
}

/** A browser someone else owns (a test file, a benchmark) lent to every run. */
export function sharedBrowser(browser: Browser): OpenBrowser {
  return async () => ({ browser, release: async () => {} });
}
