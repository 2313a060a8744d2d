import type { Page } from "playwright-core";
import { runInPage } from "../browser/run-in-page.js";
import type { Navigation } from "../profile/profile-schema.js";

/** Called after each step; returns how many posters were new. */
export type Collect = () => Promise<number>;

interface PageSize {
  height: number;
  elements: number;
  atBottom: boolean;
}

function measureInBrowser(): PageSize {
  const root = document.scrollingElement ?? document.documentElement;
  const inner = Array.from(document.querySelectorAll("[data-pg-scroller]"));
  const height = root.scrollHeight + inner.reduce((sum, el) => sum + el.scrollHeight, 0);
  const atBottom =
    root.scrollTop + window.innerHeight >= root.scrollHeight - 4 &&
    inner.every((el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 4);
  return { height, elements: document.getElementsByTagName("*").length, atBottom };
}

/** Scrolls one viewport down: the window, and any tall element that scrolls on its own (app shells). */
function scrollStepInBrowser(): void {
  for (const el of Array.from(document.querySelectorAll("body *"))) {
    if (!(el instanceof HTMLElement) || el.dataset.pgScroller !== undefined) continue;
    if (el.scrollHeight <= el.clientHeight + 50 || el.clientHeight < window.innerHeight * 0.5) continue;
    const overflow = getComputedStyle(el).overflowY;
    if (overflow === "auto" || overflow === "scroll") el.dataset.pgScroller = "";
  }
  window.scrollBy(0, window.innerHeight);
  for (const el of Array.from(document.querySelectorAll<HTMLElement>("[data-pg-scroller]"))) {
    el.scrollBy(0, el.clientHeight);
  }
}

/** Resolves true as soon as the page grows past `before`, false after `waitMs`. */
function waitForGrowthInBrowser(arg: { height: number; elements: number; waitMs: number }): Promise<boolean> {
  return new Promise((resolve) => {
    const started = performance.now();
    const check = () => {
      const root = document.scrollingElement ?? document.documentElement;
      const inner = Array.from(document.querySelectorAll("[data-pg-scroller]"));
      const height = root.scrollHeight + inner.reduce((sum, el) => sum + el.scrollHeight, 0);
      if (height > arg.height || document.getElementsByTagName("*").length !== arg.elements) resolve(true);
      else if (performance.now() - started >= arg.waitMs) resolve(false);
      else setTimeout(check, 50);
    };
    check();
  });
}

/** Two animation frames: lazy loaders driven by IntersectionObserver have had their callbacks. */
function settleInBrowser(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
}

/** Clicks the load-more control when there is one; the selector, or a button saying "load/show more". */
function clickLoadMoreInBrowser(selector: string | null): boolean {
  const pattern = /^\s*(load|show|see|view)\s+more\b|^\s*more\s+(titles|results|movies|shows)\b/i;
  const candidates = selector
    ? Array.from(document.querySelectorAll<HTMLElement>(selector))
    : Array.from(
        document.querySelectorAll<HTMLElement>("button, [role=button], a:not([href]), a[href='#']"),
      ).filter(
        (el) => pattern.test(el.textContent ?? "") || pattern.test(el.getAttribute("aria-label") ?? ""),
      );
  const button = candidates.find((el) => {
    const rect = el.getBoundingClientRect();
    const disabled = (el as HTMLButtonElement).disabled || el.getAttribute("aria-disabled") === "true";
    return rect.width > 0 && rect.height > 0 && !disabled && getComputedStyle(el).visibility !== "hidden";
  });
  if (!button) return false;
  button.scrollIntoView({ block: "center" });
  button.click();
  return true;
}

export interface ScrollOutcome {
  rounds: number;
  loadMoreClicks: number;
}

/**
 * Exhausts a page: scrolls a viewport at a time (so lazy images come into view), and at the
 * bottom waits for the page to grow or clicks "load more", until a few rounds bring nothing new.
 */
export async function scrollPage(
  page: Page,
  navigation: Navigation,
  collect: Collect,
  signal: AbortSignal,
  /** Content requests in flight; without it every idle round is waited out. */
  pendingRequests?: () => number,
): Promise<ScrollOutcome> {
  const outcome: ScrollOutcome = { rounds: 0, loadMoreClicks: 0 };
  const scroll = navigation.scroll;
  const loadMore = navigation.loadMore;
  if (scroll === false && loadMore === false) return outcome;
  const maxRounds = scroll === false ? 0 : scroll.maxRounds;
  const idleRounds = scroll === false ? 1 : scroll.idleRounds;
  const waitMs = scroll === false ? 1500 : scroll.waitMs;
  const maxClicks = loadMore === false ? 0 : loadMore === "auto" ? 500 : loadMore.maxClicks;
  const loadMoreSelector = loadMore === false || loadMore === "auto" ? null : loadMore.selector;
  let idle = 0;
  while (!signal.aborted && (outcome.rounds < maxRounds || outcome.loadMoreClicks < maxClicks)) {
    const before = await runInPage(page, measureInBrowser, undefined);
    let grew = false;
    if (!before.atBottom && outcome.rounds < maxRounds) {
      outcome.rounds += 1;
      await runInPage(page, scrollStepInBrowser, undefined);
      await runInPage(page, settleInBrowser, undefined);
      grew = true;
    } else if (
      outcome.loadMoreClicks < maxClicks &&
      (await runInPage(page, clickLoadMoreInBrowser, loadMoreSelector))
    ) {
      // At the bottom a visible "load more" is the way on; infinite scroll is only waited for without one.
      outcome.loadMoreClicks += 1;
      grew = await runInPage(page, waitForGrowthInBrowser, { ...before, waitMs });
    } else if (outcome.rounds < maxRounds) {
      outcome.rounds += 1;
      await runInPage(page, scrollStepInBrowser, undefined);
      grew = await runInPage(page, waitForGrowthInBrowser, { ...before, waitMs });
    }
    const fresh = await collect();
    idle = grew || fresh > 0 ? 0 : idle + 1;
    // Nothing grew and nothing is on its way: waiting another round would only cost time.
    if (idle >= idleRounds || (idle > 0 && pendingRequests && pendingRequests() === 0)) break;
  }
  return outcome;
}
