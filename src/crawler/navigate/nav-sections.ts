import type { Page } from "playwright-core";
import { runInPage } from "../browser/run-in-page.js";

/**
 * Catalog sections a person reaches from the site's menus: text links in <nav>, navigation
 * landmarks and header menus, on the page's own host. Image-only links (the logo's "home") and
 * links to the page itself are left out; in-page anchors are kept only as routes (`#/series`).
 */
function navSectionLinksInBrowser(max: number): string[] {
  const MENUS =
    "nav, [role=navigation], [role=menubar], header [class*=menu], header [class*=nav], [class*=navbar], [class*=main-menu], [class*=site-menu]";
  const here = new URL(location.href);
  const found = new Set<string>();
  for (const menu of Array.from(document.querySelectorAll(MENUS))) {
    for (const anchor of Array.from(menu.querySelectorAll<HTMLAnchorElement>("a[href]"))) {
      const text = (anchor.textContent ?? "").replace(/\s+/g, " ").trim();
      if (!text || text.length > 60 || !anchor.href) continue;
      let url: URL;
      try {
        url = new URL(anchor.href);
      } catch {
        continue;
      }
      if (url.host !== here.host || !/^https?:$/.test(url.protocol)) continue;
      if (!/^#!?\/./.test(url.hash)) url.hash = "";
      if (
        url.href === here.href ||
        (url.hash === "" && url.href === `${here.origin}${here.pathname}${here.search}`)
      )
        continue;
      found.add(url.href);
      if (found.size >= max) return [...found];
    }
  }
  return [...found];
}

/** At most this many section links are taken from one page's menus. */
const MAX_SECTIONS_PER_PAGE = 40;

export async function navSectionUrls(page: Page): Promise<string[]> {
  return runInPage(page, navSectionLinksInBrowser, MAX_SECTIONS_PER_PAGE);
}
