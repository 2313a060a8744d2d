import { existsSync } from "node:fs";
import type { Browser } from "playwright-core";
import {
  isSandboxFailure,
  type SandboxMode,
  type SandboxState,
  sandboxFailureReason,
} from "./chromium-sandbox.js";

export interface LaunchOptions {
  /** The system Chromium; playwright's own browser download is never used. */
  executablePath: string;
  /** Added to the defaults, e.g. `--host-resolver-rules=…` to keep a test on loopback. */
  extraArgs?: string[];
  timeoutMs?: number;
  /** Chromium's sandbox: `auto` (the default) tries it and falls back to `--no-sandbox` with a warning. */
  sandbox?: SandboxMode;
  /** Told when `auto` had to start Chromium without its sandbox. */
  onSandboxFallback?: (reason: string) => void;
  /** With `auto`: an earlier launch on this machine already found the sandbox unavailable, for this reason. */
  sandboxKnownUnavailable?: string;
}

/** A browser as launched, and whether its sandbox is on. */
export interface LaunchedBrowser {
  browser: Browser;
  sandbox: SandboxState;
}

export class BrowserUnavailableError extends Error {
  override readonly name = "BrowserUnavailableError";
  readonly code = "BROWSER_UNAVAILABLE";
}

/** Flags for a headless crawler: no traffic of the browser's own (the sandbox is decided at launch). */
export const CHROMIUM_ARGS = [
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
  return (await launchChromium(options)).browser;
}

/**
 * Launches Chromium with its sandbox where it can have one. With `auto`, a launch refused for want
 * of a sandbox (root, no unprivileged user namespaces) is tried again with `--no-sandbox`.
 */
export async function launchChromium(options: LaunchOptions): Promise<LaunchedBrowser> {
  if (!existsSync(options.executablePath)) {
    throw new BrowserUnavailableError(
      `no Chromium at ${options.executablePath}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`,
    );
  }
  const mode = options.sandbox ?? "auto";
  if (mode === "auto" && options.sandboxKnownUnavailable) {
    const reason = options.sandboxKnownUnavailable;
    options.onSandboxFallback?.(reason);
    return { browser: await start(options, false), sandbox: { sandboxed: false, reason } };
  }
  if (mode === "off") {
    const reason = "CRAWL_CHROMIUM_SANDBOX=off";
    return { browser: await start(options, false), sandbox: { sandboxed: false, reason } };
  }
  try {
    return { browser: await start(options, true), sandbox: { sandboxed: true } };
  } catch (error) {
    const message = (error as Error).message;
    if (mode === "on" || !isSandboxFailure(message)) {
      const hint = isSandboxFailure(message)
        ? " (its sandbox is unavailable here: see README, Crawling catalogs, or set CRAWL_CHROMIUM_SANDBOX=auto)"
        : "";
      throw new BrowserUnavailableError(
        `Chromium at ${options.executablePath} did not start${hint}: ${message}`,
        { cause: error },
      );
    }
    const reason = sandboxFailureReason(message);
    options.onSandboxFallback?.(reason);
    return { browser: await start(options, false), sandbox: { sandboxed: false, reason } };
  }
}

async function start(options: LaunchOptions, sandboxed: boolean): Promise<Browser> {
  // Loaded on first use: commands that never crawl do not pay for playwright-core at start-up.
  const { chromium } = await import("playwright-core");
  try {
    return await chromium.launch({
      executablePath: options.executablePath,
      headless: true,
      // playwright-core adds --no-sandbox itself unless chromiumSandbox is set.
      chromiumSandbox: sandboxed,
      args: [...CHROMIUM_ARGS, ...(sandboxed ? [] : ["--no-sandbox"]), ...(options.extraArgs ?? [])],
      timeout: options.timeoutMs ?? 60_000,
    });
  } catch (error) {
    if (sandboxed) throw error;
    throw new BrowserUnavailableError(
      `Chromium at ${options.executablePath} did not start: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** A browser to crawl with, and what to do when the run is over with it. */
export interface BrowserLease {
  browser: Browser;
  /** Unknown for a browser someone else launched. */
  sandbox?: SandboxState;
  release(): Promise<void>;
}

export type OpenBrowser = () => Promise<BrowserLease>;

/**
 * One browser for every run that overlaps (each run has its own context, so no cookies or cache
 * are shared), launched on first use and closed when the last run is over. Crawls of several
 * platforms at the same tick then cost one Chromium, not one each.
 */
export function browserOnDemand(options: LaunchOptions): OpenBrowser {
  let browser: Promise<LaunchedBrowser> | undefined;
  let users = 0;
  return async () => {
    users += 1;
    try {
      browser ??= launchChromium(options).then((launched) => {
        launched.browser.on("disconnected", () => {
          browser = undefined;
        });
        return launched;
      });
      const { browser: current, sandbox } = await browser;
      let released = false;
      return {
        browser: current,
        sandbox,
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
