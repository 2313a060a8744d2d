import type { Page } from "playwright-core";
import { runInPage } from "../browser/run-in-page.js";

/**
 * Links to titles that a listing names without showing their artwork: text links that repeat
 * as the entries of a list (three or more siblings alike), outside menus, headers and footers,
 * on the page's host, whose entry draws no picture of a poster's size. Their pages are opened
 * for the poster they show (JSON-LD, og:image, the main portrait image).
 */
function titleLinksWithoutArtInBrowser(arg: { max: number; minArt: number }): string[] {
  const CHROME = "nav, header, footer, aside, [role=navigation], [role=banner], [role=contentinfo]";
  const ENTRY =
    "li, article, tr, dt, dd, [role=listitem], [class*=item], [class*=card], [class*=tile], [class*=entry]";
  const here = new URL(location.href);
  const hasArt = (entry: Element): boolean =>
    [entry, ...Array.from(entry.querySelectorAll("*"))].some((el) => {
      const drawsImage =
        el instanceof HTMLImageElement ||
        el.tagName === "PICTURE" ||
        el.tagName === "VIDEO" ||
        (el.shadowRoot !== null && el.shadowRoot.querySelector("img") !== null) ||
        getComputedStyle(el).backgroundImage.includes("url(");
      if (!drawsImage) return false;
      const rect = el.getBoundingClientRect();
      const lazy =
        el.hasAttribute("data-src") ||
        el.hasAttribute("data-srcset") ||
        el.getAttribute("loading") === "lazy";
      return lazy || (rect.width >= arg.minArt && rect.height >= arg.minArt);
    });
  // Counted once per parent: a list of a thousand entries must not cost a million lookups.
  const alikeCounts = new Map<Element, Map<string, number>>();
  const isRepeated = (entry: Element): boolean => {
    const parent = entry.parentElement;
    if (!parent) return false;
    let counts = alikeCounts.get(parent);
    if (!counts) {
      counts = new Map();
      for (const sibling of Array.from(parent.children)) {
        if (sibling.matches("a[href]") || sibling.querySelector("a[href]")) {
          counts.set(sibling.tagName, (counts.get(sibling.tagName) ?? 0) + 1);
        }
      }
      alikeCounts.set(parent, counts);
    }
    return (counts.get(entry.tagName) ?? 0) >= 3;
  };
  const found = new Set<string>();
  for (const anchor of Array.from(document.querySelectorAll<HTMLAnchorElement>("a[href]"))) {
    if (found.size >= arg.max) break;
    const text = (anchor.textContent ?? "").replace(/\s+/g, " ").trim();
    if (text.length < 2 || text.length > 150 || /^\d+$/.test(text) || anchor.closest(CHROME)) continue;
    if (anchor.rel.split(/\s+/).some((r) => r === "next" || r === "prev" || r === "nofollow")) continue;
    let url: URL;
    try {
      url = new URL(anchor.href);
    } catch {
      continue;
    }
    if (url.host !== here.host || !/^https?:$/.test(url.protocol)) continue;
    if (!/^#!?\/./.test(url.hash)) url.hash = "";
    const page = new URL(here.href);
    if (!/^#!?\/./.test(page.hash)) page.hash = "";
    if (url.href === page.href) continue;
    let entry: Element = anchor;
    for (let node = anchor.parentElement, depth = 0; node && depth < 3; node = node.parentElement, depth++) {
      if (node.matches(ENTRY)) {
        entry = node;
        break;
      }
    }
    if (!isRepeated(entry) || hasArt(entry)) continue;
    found.add(url.href);
  }
  return [...found];
}

/** At most this many title pages are opened from one listing page. */
const MAX_TITLE_PAGES_PER_LISTING = 60;
/** A picture this size or larger in an entry is the listing's own artwork for that title. */
const MIN_ART_SIZE = 60;

export async function titleLinksWithoutArt(page: Page): Promise<string[]> {
  return runInPage(page, titleLinksWithoutArtInBrowser, {
    max: MAX_TITLE_PAGES_PER_LISTING,
    minArt: MIN_ART_SIZE,
  });
}
