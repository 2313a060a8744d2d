import type { Page } from "playwright-core";
import { runInPage } from "../browser/run-in-page.js";
import type { Navigation } from "../profile/profile-schema.js";
import { navSectionUrls } from "./nav-sections.js";
import { paginationUrls } from "./pagination-links.js";

/** The next page's URL: the profile's selector, else rel=next, else a link that says "next". */
function nextPageInBrowser(selector: string | null): string | null {
  const hrefOf = (el: Element | null) => (el instanceof HTMLAnchorElement && el.href ? el.href : null);
  if (selector) return hrefOf(document.querySelector(selector));
  const rel = document.querySelector("a[rel~=next][href], link[rel~=next][href]");
  if (rel) return rel instanceof HTMLLinkElement ? rel.href : hrefOf(rel);
  const pattern = /^\s*(next( page)?|older|›|»|→)\s*$/i;
  const link = Array.from(document.querySelectorAll("a[href]")).find(
    (a) => pattern.test(a.textContent ?? "") || pattern.test(a.getAttribute("aria-label") ?? ""),
  );
  return hrefOf(link ?? null);
}

function sectionLinksInBrowser(selector: string): string[] {
  return Array.from(document.querySelectorAll(selector))
    .map((el) => (el instanceof HTMLAnchorElement ? el.href : ""))
    .filter(Boolean);
}

export async function nextPageUrl(page: Page, navigation: Navigation): Promise<string | undefined> {
  const next = navigation.nextPage;
  if (next === false) return undefined;
  const url = await runInPage(page, nextPageInBrowser, next === "auto" ? null : next.selector);
  return url && /^https?:/i.test(url) ? url : undefined;
}

/** The listing's other pages: the profile's next link, or with `auto` every next and numbered page link. */
export async function otherPageUrls(page: Page, navigation: Navigation): Promise<string[]> {
  if (navigation.nextPage === "auto") return paginationUrls(page);
  const next = await nextPageUrl(page, navigation);
  return next ? [next] : [];
}

export async function sectionUrls(page: Page, navigation: Navigation): Promise<string[]> {
  if (!navigation.sections) return [];
  if (navigation.sections === "auto") return navSectionUrls(page);
  const urls = await runInPage(page, sectionLinksInBrowser, navigation.sections.selector);
  return urls.filter((url) => /^https?:/i.test(url));
}
