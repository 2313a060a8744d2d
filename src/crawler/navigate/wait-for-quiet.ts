import type { Page } from "playwright-core";
import { runInPage } from "../browser/run-in-page.js";

/** Resolves once the DOM has not changed for `quietMs`, or after `maxMs` whatever happens. */
function waitForQuietInBrowser(arg: { quietMs: number; maxMs: number }): Promise<boolean> {
  return new Promise((resolve) => {
    let quietTimer: ReturnType<typeof setTimeout>;
    const finish = (quiet: boolean) => {
      observer.disconnect();
      clearTimeout(quietTimer);
      clearTimeout(maxTimer);
      resolve(quiet);
    };
    const observer = new MutationObserver(() => {
      clearTimeout(quietTimer);
      quietTimer = setTimeout(() => finish(true), arg.quietMs);
    });
    observer.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
    quietTimer = setTimeout(() => finish(true), arg.quietMs);
    const maxTimer = setTimeout(() => finish(false), arg.maxMs);
  });
}

/**
 * Catalogs are applications: after the load event they still fetch and render their rows. This
 * waits for the page to stop changing before anything is read or clicked.
 */
export async function waitForQuiet(page: Page, quietMs = 300, maxMs = 3000): Promise<boolean> {
  return runInPage(page, waitForQuietInBrowser, { quietMs, maxMs });
}
