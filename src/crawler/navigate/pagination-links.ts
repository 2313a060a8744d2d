import type { Page } from "playwright-core";
import { runInPage } from "../browser/run-in-page.js";

/**
 * The other pages of a paginated listing: rel=next, links that say next (›, », →), and the
 * numbered links of a pager (a link whose text is a page number, inside a pager or pointing at a
 * `page=N` / `/page/N` URL). Each is queued as a page of its own, so page 7 is reached even when
 * a pager shows only a window of numbers.
 */
function paginationLinksInBrowser(): string[] {
  const NEXT = /^\s*(next( page)?|older|›|»|→)\s*[›»→]?\s*$/i;
  const PAGER = "[class*=pag], [id*=pag], [aria-label*=pag i], [role=navigation]";
  const PAGE_URL = /[?&](page|p|pg)=\d+|\/page\/\d+/i;
  const found = new Set<string>();
  const rel = document.querySelectorAll<HTMLAnchorElement | HTMLLinkElement>(
    "a[rel~=next][href], link[rel~=next][href]",
  );
  for (const link of Array.from(rel)) if (link.href) found.add(link.href);
  for (const anchor of Array.from(document.querySelectorAll<HTMLAnchorElement>("a[href]"))) {
    if (!anchor.href || anchor.getAttribute("href")?.startsWith("#")) continue;
    const text = (anchor.textContent ?? "").trim();
    const label = anchor.getAttribute("aria-label") ?? "";
    const inPager = anchor.closest(PAGER) !== null || PAGE_URL.test(anchor.href);
    const numbered = /^\d{1,4}$/.test(text) && inPager;
    const labelled = /^(go to )?page \d+$/i.test(label) && inPager;
    if (numbered || labelled || NEXT.test(text) || NEXT.test(label)) found.add(anchor.href);
  }
  return [...found];
}

export async function paginationUrls(page: Page): Promise<string[]> {
  const urls = await runInPage(page, paginationLinksInBrowser, undefined);
  return urls.filter((url) => /^https?:/i.test(url));
}
