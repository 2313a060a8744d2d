const numberFormat = new Intl.NumberFormat("en-US");

export function formatNumber(n: number): string {
  return numberFormat.format(n);
}

/** "87.5%", or "—" when there is nothing to divide. */
export function percent(part: number, whole: number, digits = 1): string {
  if (whole <= 0) return "—";
  return `${((part / whole) * 100).toFixed(digits).replace(/\.0+$/, "")}%`;
}

/** "2025-11-25 14:03 UTC": one unambiguous form everywhere. */
export function formatDate(iso: string | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function timeAgo(iso: string | undefined, now: Date): string {
  if (!iso) return "";
  const seconds = Math.round((now.getTime() - new Date(iso).getTime()) / 1000);
  if (Number.isNaN(seconds)) return "";
  if (seconds < 45) return "just now";
  const units: [number, string][] = [
    [60, "minute"],
    [3600, "hour"],
    [86400, "day"],
    [2_592_000, "month"],
    [31_536_000, "year"],
  ];
  let label = "minute";
  let size = 60;
  for (const [unitSize, unit] of units) {
    if (seconds >= unitSize) {
      label = unit;
      size = unitSize;
    }
  }
  const n = Math.max(1, Math.round(seconds / size));
  return `${n} ${label}${n === 1 ? "" : "s"} ago`;
}

export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}

/** "LOW_RESOLUTION" → "Low resolution". */
export function codeLabel(code: string): string {
  const words = code
    .toLowerCase()
    .split("_")
    .map((w) => (w === "url" ? "URL" : w));
  const sentence = words.join(" ");
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/** "2025-11-25 14:03", for narrow table cells (the full form is in the title). */
export function formatShortDate(iso: string | undefined): string {
  return formatDate(iso).replace(" UTC", "");
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function formatConfidence(confidence: number): string {
  return `${Math.round(confidence * 100)}%`;
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}
