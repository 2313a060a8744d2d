/**
 * What the browser reports about a page: every image-bearing element as it is laid out, the
 * JSON-LD blocks and the meta tags. Judging which images are posters happens in Node.
 */
export interface RawImage {
  kind: "img" | "background";
  src?: string;
  currentSrc?: string;
  srcset?: string;
  /** data-src, data-original, data-lazy-src, … (the real image of a lazy one). */
  lazySrc: string[];
  /** data-srcset and friends. */
  lazySrcset: string[];
  /** srcset of each <source> of the enclosing <picture>. */
  sources: string[];
  /** The computed background-image (or a data-bg attribute), for elements drawn with CSS. */
  background?: string;
  naturalWidth: number;
  naturalHeight: number;
  /** Laid-out size in CSS pixels. */
  width: number;
  height: number;
  /**
   * The part of the picture a person sees, in CSS pixels: the box after object-fit and after the
   * crop of a smaller ancestor that hides its overflow. A landscape file cropped into a portrait
   * card is a portrait poster on screen.
   */
  shown?: { width: number; height: number };
  alt?: string;
  ariaLabel?: string;
  titleAttr?: string;
  /** id, class and role of the element and its parent. */
  hints: string;
  /** The tile's link, absolute. */
  link?: string;
  /** The tile's text. */
  text?: string;
  /** The text of the profile's title element. */
  tileTitle?: string;
  /** Found through the profile's tile selector. */
  fromTile: boolean;
}

export interface PageScan {
  url: string;
  baseUri: string;
  title: string;
  images: RawImage[];
  jsonLd: string[];
  meta: Record<string, string>;
}

export interface ScanOptions {
  tiles?: { selector: string; image?: string; link?: string; title?: string };
  /** Report only elements that changed since the last scan of this document. */
  onlyChanged: boolean;
  maxImages: number;
}

/**
 * Runs inside the page (see runInPage): it must not reference anything outside its own body.
 * Elements already reported unchanged are skipped, so scanning after every scroll stays cheap.
 */
export function scanPageInBrowser(options: ScanOptions): PageScan {
  const LAZY_ATTRS = ["data-src", "data-original", "data-lazy-src", "data-lazy", "data-url", "data-full"];
  const LAZY_SRCSET_ATTRS = ["data-srcset", "data-lazy-srcset"];
  const BG_ATTRS = ["data-bg", "data-background", "data-background-image", "data-bg-src"];
  const TILE =
    "a[href], li, article, figure, [role=listitem], [class*=tile], [class*=card], [class*=item], [class*=poster]";
  const win = window as unknown as {
    __pgSeen?: WeakMap<Element, string>;
    __pgQuick?: WeakMap<Element, string>;
  };
  const seen = win.__pgSeen ?? new WeakMap<Element, string>();
  win.__pgSeen = seen;
  // A cheap fingerprint (the image attributes and load state) checked before anything costly:
  // a tile reported once, laid out, and unchanged since is skipped without layout or text reads.
  const quickSeen = win.__pgQuick ?? new WeakMap<Element, string>();
  win.__pgQuick = quickSeen;
  const images: RawImage[] = [];

  const clean = (text: string | null | undefined, max: number): string | undefined => {
    const value = (text ?? "").replace(/\s+/g, " ").trim();
    return value ? value.slice(0, max) : undefined;
  };
  const attrs = (el: Element, names: string[]): string[] =>
    names.map((n) => el.getAttribute(n)).filter((v): v is string => !!v && v.trim().length > 0);
  /** The parent element, or the host when the element sits at the top of a shadow root. */
  const parentOf = (el: Element): Element | null => {
    if (el.parentElement) return el.parentElement;
    const root = el.getRootNode();
    return root instanceof ShadowRoot ? root.host : null;
  };
  const closestAcross = (el: Element, selector: string): Element | null => {
    for (let node: Element | null = el; node; node = parentOf(node)) if (node.matches(selector)) return node;
    return null;
  };
  const hintsOf = (el: Element): string => {
    const parts: string[] = [];
    let node: Element | null = el;
    for (let depth = 0; node && depth < 2; depth++, node = parentOf(node)) {
      parts.push(node.id, node.getAttribute("class") ?? "", node.getAttribute("role") ?? "");
    }
    return parts.join(" ");
  };
  const tileOf = (el: Element): Element | null => {
    let node: Element | null = el;
    for (let depth = 0; node && depth < 5; depth++, node = parentOf(node)) {
      if (node !== el && node.matches(TILE)) return node;
    }
    return parentOf(el);
  };
  const linkOf = (el: Element, tile: Element | null): string | undefined => {
    const anchor = (closestAcross(el, "a[href]") ??
      tile?.querySelector("a[href]")) as HTMLAnchorElement | null;
    return anchor?.href || undefined;
  };
  const labelOf = (el: Element, tile: Element | null): string | undefined => {
    const own = el.getAttribute("aria-label");
    if (own) return clean(own, 300);
    const labelled = el.closest("[aria-label]");
    if (labelled && (!tile || tile.contains(labelled) || labelled.contains(el))) {
      return clean(labelled.getAttribute("aria-label"), 300);
    }
    return undefined;
  };

  /** The drawn picture's size: object-fit applied, then cropped by smaller ancestors that clip. */
  const shownSize = (el: Element, rect: DOMRect): { width: number; height: number } => {
    let width = rect.width;
    let height = rect.height;
    if (el instanceof HTMLImageElement && el.complete && el.naturalWidth > 0 && el.naturalHeight > 0) {
      const fit = getComputedStyle(el).objectFit;
      if (fit === "contain" || fit === "scale-down") {
        const scale = Math.min(
          width / el.naturalWidth,
          height / el.naturalHeight,
          fit === "contain" ? 1e9 : 1,
        );
        width = el.naturalWidth * scale;
        height = el.naturalHeight * scale;
      } else if (fit === "none") {
        width = Math.min(width, el.naturalWidth);
        height = Math.min(height, el.naturalHeight);
      }
    }
    let node = parentOf(el);
    for (let depth = 0; node && depth < 4; depth++, node = parentOf(node)) {
      const style = getComputedStyle(node);
      if (style.overflowX === "visible" && style.overflowY === "visible") continue;
      const box = node.getBoundingClientRect();
      // A scrolling row wider than its tiles clips only where it is scrolled to, not the picture.
      if (box.width + 1 < width || box.height + 1 < height) {
        width = Math.min(width, box.width);
        height = Math.min(height, box.height);
      }
    }
    return { width: Math.round(width), height: Math.round(height) };
  };

  const report = (
    el: Element,
    kind: RawImage["kind"],
    background: string | undefined,
    tile: Element | null,
    fromTile: boolean,
    tileTitle: string | undefined,
    link: string | undefined,
  ): void => {
    if (images.length >= options.maxImages) return;
    const asImg = el instanceof HTMLImageElement ? el : null;
    const quick = [
      el.getAttribute("src"),
      el.getAttribute("srcset"),
      el.getAttribute("style"),
      el.getAttribute("class"),
      ...attrs(el, LAZY_ATTRS),
      ...attrs(el, LAZY_SRCSET_ATTRS),
      asImg?.currentSrc,
      asImg?.complete,
      background,
      link,
      tileTitle,
    ].join("|");
    if (options.onlyChanged && quickSeen.get(el) === quick) return;
    const rect = el.getBoundingClientRect();
    const img = el instanceof HTMLImageElement ? el : null;
    const picture = img?.parentElement?.tagName === "PICTURE" ? img.parentElement : null;
    const sources = picture
      ? Array.from(picture.querySelectorAll("source"))
          .map((s) => s.getAttribute("srcset") ?? s.getAttribute("data-srcset") ?? "")
          .filter(Boolean)
      : [];
    const raw: RawImage = {
      kind,
      lazySrc: attrs(el, LAZY_ATTRS),
      lazySrcset: attrs(el, LAZY_SRCSET_ATTRS),
      sources,
      naturalWidth: img?.complete ? img.naturalWidth : 0,
      naturalHeight: img?.complete ? img.naturalHeight : 0,
      width: Math.round(rect.width),
      height: Math.round(rect.height),
      hints: hintsOf(el),
      fromTile,
    };
    const shown = shownSize(el, rect);
    if (shown.width !== raw.width || shown.height !== raw.height) raw.shown = shown;
    if (img) {
      const src = img.getAttribute("src");
      if (src) raw.src = src;
      if (img.currentSrc) raw.currentSrc = img.currentSrc;
      const srcset = img.getAttribute("srcset");
      if (srcset) raw.srcset = srcset;
      const alt = clean(img.getAttribute("alt"), 300);
      if (alt) raw.alt = alt;
    }
    if (background) raw.background = background;
    const label = labelOf(el, tile);
    if (label) raw.ariaLabel = label;
    const titleAttr = clean(el.getAttribute("title") ?? tile?.getAttribute("title"), 300);
    if (titleAttr) raw.titleAttr = titleAttr;
    const finalLink = link ?? linkOf(el, tile);
    if (finalLink) raw.link = finalLink;
    const text = clean(tile?.textContent, 200);
    if (text) raw.text = text;
    if (tileTitle) raw.tileTitle = tileTitle;
    const signature = JSON.stringify(raw);
    if (raw.width > 0 && raw.height > 0) quickSeen.set(el, quick);
    if (options.onlyChanged && seen.get(el) === signature) return;
    seen.set(el, signature);
    images.push(raw);
  };

  const backgroundOf = (el: Element): string | undefined => {
    const fromAttr = attrs(el, BG_ATTRS)[0];
    if (fromAttr) return fromAttr.includes("url(") ? fromAttr : `url("${fromAttr}")`;
    const value = getComputedStyle(el).backgroundImage;
    return value && value !== "none" && value.includes("url(") ? value : undefined;
  };

  if (options.tiles) {
    const spec = options.tiles;
    for (const tile of Array.from(document.querySelectorAll(spec.selector))) {
      const target =
        (spec.image ? tile.querySelector(spec.image) : null) ??
        tile.querySelector("img") ??
        [tile, ...Array.from(tile.querySelectorAll("*"))].find((el) => backgroundOf(el) !== undefined) ??
        null;
      if (!target) continue;
      const titleEl = spec.title ? tile.querySelector(spec.title) : null;
      const linkEl = (spec.link ? tile.querySelector(spec.link) : null) as HTMLAnchorElement | null;
      const ownLink = tile instanceof HTMLAnchorElement ? tile.href : undefined;
      const img = target instanceof HTMLImageElement ? target : target.querySelector("img");
      report(
        img ?? target,
        img ? "img" : "background",
        img ? undefined : backgroundOf(target),
        tile,
        true,
        clean(titleEl?.textContent, 300),
        linkEl?.href || ownLink || undefined,
      );
    }
  } else {
    // Open shadow roots hold tiles too (web components): their elements are walked like the page's.
    const elements: Element[] = [];
    const roots: (Element | ShadowRoot)[] = document.body ? [document.body] : [];
    for (let i = 0; i < roots.length; i++) {
      for (const el of Array.from((roots[i] as Element | ShadowRoot).querySelectorAll("*"))) {
        elements.push(el);
        if (el.shadowRoot) roots.push(el.shadowRoot);
      }
    }
    for (const el of elements) {
      if (el instanceof HTMLImageElement)
        report(el, "img", undefined, tileOf(el), false, undefined, undefined);
    }
    for (const el of elements) {
      if (el instanceof HTMLImageElement || el instanceof SVGElement || el.tagName === "PICTURE") continue;
      const styleKey = `${el.getAttribute("class") ?? ""}|${el.getAttribute("style") ?? ""}|${attrs(el, BG_ATTRS).join()}`;
      const known = seen.get(el);
      if (known === `none:${styleKey}`) continue;
      const background = backgroundOf(el);
      if (!background) {
        seen.set(el, `none:${styleKey}`);
        continue;
      }
      report(el, "background", background, tileOf(el), false, undefined, undefined);
    }
  }

  const meta: Record<string, string> = {};
  for (const tag of Array.from(document.querySelectorAll("meta[property], meta[name]"))) {
    const key = (tag.getAttribute("property") ?? tag.getAttribute("name") ?? "").toLowerCase();
    const content = tag.getAttribute("content");
    if (content && (key.startsWith("og:") || key.startsWith("twitter:")) && !(key in meta))
      meta[key] = content;
  }
  return {
    url: location.href,
    baseUri: document.baseURI,
    title: document.title,
    images,
    jsonLd: Array.from(document.querySelectorAll('script[type="application/ld+json"]')).map(
      (s) => s.textContent ?? "",
    ),
    meta,
  };
}
