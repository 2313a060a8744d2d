import type { Page } from "playwright-core";
import { runInPage } from "../browser/run-in-page.js";
import type { Collect } from "./scroll-page.js";
import { waitForQuiet } from "./wait-for-quiet.js";

/** Marks the page's visible, enabled tabs (role=tab) and returns how many there are. */
function markTabsInBrowser(max: number): number {
  const tabs = Array.from(document.querySelectorAll<HTMLElement>("[role=tab]")).filter((tab) => {
    const rect = tab.getBoundingClientRect();
    return rect.width > 0 && rect.height > 0 && tab.getAttribute("aria-disabled") !== "true";
  });
  tabs.slice(0, max).forEach((tab, index) => {
    tab.dataset.pgTab = String(index);
  });
  return Math.min(tabs.length, max);
}

function clickTabInBrowser(index: number): boolean {
  const tab = document.querySelector<HTMLElement>(`[data-pg-tab="${index}"]`);
  if (!tab || tab.getAttribute("aria-selected") === "true") return false;
  tab.click();
  return true;
}

/** At most this many tabs are opened on one page. */
const MAX_TABS = 30;

/**
 * Opens each tab of the page's tab lists (categories shown one at a time) and collects what it
 * shows; a person browsing the catalog would click them.
 */
export async function walkTabs(page: Page, collect: Collect, signal: AbortSignal): Promise<number> {
  const count = await runInPage(page, markTabsInBrowser, MAX_TABS);
  let opened = 0;
  for (let index = 0; index < count && !signal.aborted; index++) {
    if (!(await runInPage(page, clickTabInBrowser, index))) continue;
    opened += 1;
    await waitForQuiet(page);
    await collect();
  }
  return opened;
}
