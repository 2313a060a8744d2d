export interface SrcsetEntry {
  url: string;
  /** `400w` */
  width?: number;
  /** `2x` (1 when the entry has no descriptor) */
  density?: number;
}

/**
 * Parses a `srcset` the way the HTML standard does: URLs may contain commas (CDN transforms such
 * as `w_400,h_600`), descriptors follow after whitespace, and entries end at a comma after them.
 */
export function parseSrcset(srcset: string): SrcsetEntry[] {
  const entries: SrcsetEntry[] = [];
  let i = 0;
  const n = srcset.length;
  while (i < n) {
    while (i < n && (isSpace(srcset[i]) || srcset[i] === ",")) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && !isSpace(srcset[i])) i++;
    let url = srcset.slice(start, i);
    let descriptors = "";
    if (url.endsWith(",")) {
      url = url.replace(/,+$/, "");
    } else {
      let depth = 0;
      const from = i;
      while (i < n) {
        const c = srcset[i];
        if (c === "(") depth++;
        else if (c === ")") depth = Math.max(0, depth - 1);
        else if (c === "," && depth === 0) break;
        i++;
      }
      descriptors = srcset.slice(from, i).trim();
      i++;
    }
    if (!url) continue;
    const entry = withDescriptors(url, descriptors);
    if (entry) entries.push(entry);
  }
  return entries;
}

function withDescriptors(url: string, descriptors: string): SrcsetEntry | undefined {
  const entry: SrcsetEntry = { url };
  for (const descriptor of descriptors.split(/\s+/).filter(Boolean)) {
    const match = /^(\d+(?:\.\d+)?)([wxh])$/i.exec(descriptor);
    if (!match?.[1] || !match[2]) return undefined;
    const value = Number(match[1]);
    const unit = match[2].toLowerCase();
    if (unit === "w") entry.width = value;
    else if (unit === "x") entry.density = value;
  }
  if (entry.width === undefined && entry.density === undefined) entry.density = 1;
  return entry;
}

function isSpace(c: string | undefined): boolean {
  return c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f";
}

/** Every `url(...)` in a CSS value such as `background-image` or `image-set(...)`, with its density. */
export function cssImageUrls(value: string): SrcsetEntry[] {
  const found: SrcsetEntry[] = [];
  const pattern =
    /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)\s*(?:(\d+(?:\.\d+)?)(x|dppx|dpi|dpcm)\b)?/gi;
  for (const match of value.matchAll(pattern)) {
    const url = match[1] ?? match[2] ?? match[3] ?? "";
    if (!url) continue;
    found.push({ url, density: densityOf(match[4], match[5]) });
  }
  return found;
}

/** Browsers serialise image-set() resolutions as dppx; authors write x, dpi or dpcm. */
function densityOf(value: string | undefined, unit: string | undefined): number {
  if (!value || !unit) return 1;
  const n = Number(value);
  switch (unit.toLowerCase()) {
    case "dpi":
      return n / 96;
    case "dpcm":
      return (n * 2.54) / 96;
    default:
      return n;
  }
}
