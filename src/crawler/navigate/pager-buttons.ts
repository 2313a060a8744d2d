import type { Page } from "playwright-core";
import { runInPage } from "../browser/run-in-page.js";
import type { Collect } from "./scroll-page.js";
import { waitForQuiet } from "./wait-for-quiet.js";

/** Clicks a pager's enabled "next" button (a script swaps the listing's page in place). */
function clickPagerNextInBrowser(): boolean {
  const NEXT = /^\s*(next( page)?|›|»|→)\s*[›»→]?\s*$/i;
  const PAGER = "[class*=pag], [id*=pag], [aria-label*=pag i]";
  const button = Array.from(document.querySelectorAll<HTMLElement>("button, [role=button]")).find((el) => {
    const says = NEXT.test(el.textContent ?? "") || NEXT.test(el.getAttribute("aria-label") ?? "");
    if (!says || !el.closest(PAGER)) return false;
    const rect = el.getBoundingClientRect();
    const disabled = (el as HTMLButtonElement).disabled || el.getAttribute("aria-disabled") === "true";
    return rect.width > 0 && rect.height > 0 && !disabled;
  });
  if (!button) return false;
  button.click();
  return true;
}

/**
 * Pages through a listing whose pager is a "next" button rather than links, collecting each page,
 * until the button is gone or disabled, or two clicks in a row bring nothing new.
 */
export async function clickThroughPager(
  page: Page,
  collect: Collect,
  signal: AbortSignal,
  maxClicks = 200,
): Promise<number> {
  let clicks = 0;
  let idle = 0;
  while (!signal.aborted && clicks < maxClicks && idle < 2) {
    if (!(await runInPage(page, clickPagerNextInBrowser, undefined))) break;
    clicks += 1;
    await waitForQuiet(page);
    idle = (await collect()) > 0 ? 0 : idle + 1;
  }
  return clicks;
}
