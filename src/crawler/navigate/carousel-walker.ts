import type { Page } from "playwright-core";
import { runInPage } from "../browser/run-in-page.js";
import type { Navigation } from "../profile/profile-schema.js";
import type { Collect } from "./scroll-page.js";

interface FindArg {
  rowSelector: string | null;
  nextSelector: string | null;
}

/**
 * Marks each carousel's "next" control (the profile's selector, or a button labelled next / › / →
 * that is not a pagination link) and each sideways-scrolling row without one; returns their count.
 */
function markCarouselsInBrowser(arg: FindArg): number {
  const NEXT = /(^|\b)(next|forward|scroll right|more right)(\b|$)|[›»→▶]/i;
  let count = document.querySelectorAll("[data-pg-carousel]").length;
  const rows = arg.rowSelector ? Array.from(document.querySelectorAll(arg.rowSelector)) : [document.body];
  for (const row of rows) {
    const buttons = arg.nextSelector
      ? Array.from(row.querySelectorAll<HTMLElement>(arg.nextSelector))
      : Array.from(row.querySelectorAll<HTMLElement>("button, [role=button]")).filter((el) => {
          const label = `${el.getAttribute("aria-label") ?? ""} ${el.getAttribute("title") ?? ""} ${el.textContent ?? ""} ${el.getAttribute("class") ?? ""}`;
          return NEXT.test(label) && !el.closest("a[href], [rel=next], nav[aria-label*=pag i], .pagination");
        });
    for (const button of buttons) {
      if (button.dataset.pgCarousel === undefined) button.dataset.pgCarousel = `b${count++}`;
    }
  }
  if (!arg.nextSelector) {
    for (const el of Array.from(document.querySelectorAll<HTMLElement>("body *"))) {
      if (
        el.dataset.pgCarousel !== undefined ||
        el.scrollWidth <= el.clientWidth + 40 ||
        el.clientWidth < 200
      )
        continue;
      const overflow = getComputedStyle(el).overflowX;
      const hasButton = el.parentElement?.querySelector("[data-pg-carousel^=b]");
      if ((overflow === "auto" || overflow === "scroll") && !hasButton) el.dataset.pgCarousel = `s${count++}`;
    }
  }
  return count;
}

/**
 * One step of one carousel, then a short wait for the row to change (items fetched on demand);
 * false when it cannot move further (disabled, hidden or at its end).
 */
function stepCarouselInBrowser(id: string): Promise<boolean> {
  const el = document.querySelector<HTMLElement>(`[data-pg-carousel="${id}"]`);
  if (!el) return Promise.resolve(false);
  if (id.startsWith("s")) {
    if (el.scrollLeft + el.clientWidth >= el.scrollWidth - 4) return Promise.resolve(false);
  } else {
    const rect = el.getBoundingClientRect();
    const disabled = (el as HTMLButtonElement).disabled || el.getAttribute("aria-disabled") === "true";
    if (disabled || rect.width === 0 || rect.height === 0 || getComputedStyle(el).visibility === "hidden") {
      return Promise.resolve(false);
    }
  }
  return new Promise((resolve) => {
    const frames = () => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true)));
    const observer = new MutationObserver(() => {
      observer.disconnect();
      clearTimeout(timer);
      frames();
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      frames();
    }, 500);
    observer.observe(document.body, { childList: true, subtree: true, attributes: true });
    if (id.startsWith("s")) el.scrollBy({ left: el.clientWidth, behavior: "instant" as ScrollBehavior });
    else el.click();
  });
}

function carouselIdsInBrowser(): string[] {
  return Array.from(document.querySelectorAll<HTMLElement>("[data-pg-carousel]")).map(
    (el) => el.dataset.pgCarousel ?? "",
  );
}

/** Walks every carousel row to its end, collecting after each step. */
export async function walkCarousels(
  page: Page,
  navigation: Navigation,
  collect: Collect,
  signal: AbortSignal,
): Promise<number> {
  const carousels = navigation.carousels;
  if (carousels === false) return 0;
  const spec = carousels === "auto" ? undefined : carousels;
  const maxSteps = spec?.maxSteps ?? 100;
  const count = await runInPage(page, markCarouselsInBrowser, {
    rowSelector: spec?.rowSelector ?? null,
    nextSelector: spec?.nextSelector ?? null,
  });
  const ids = await runInPage(page, carouselIdsInBrowser, undefined);
  // What each row shows before its first step, which the step replaces in a virtualised row.
  if (ids.length > 0) await collect();
  let steps = 0;
  for (const id of ids.slice(0, count)) {
    let idle = 0;
    for (let step = 0; step < maxSteps && !signal.aborted; step++) {
      if (!(await runInPage(page, stepCarouselInBrowser, id))) break;
      steps += 1;
      const fresh = await collect();
      idle = fresh > 0 ? 0 : idle + 1;
      // A carousel that wraps around brings nothing new for a while: it has been seen whole.
      if (idle >= 3) break;
    }
  }
  return steps;
}
