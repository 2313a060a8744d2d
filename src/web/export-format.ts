import type { PosterIndexEntry } from "../ports/poster-index.js";

export const CSV_COLUMNS = [
  "posterHash",
  "title",
  "platforms",
  "artworkType",
  "status",
  "codes",
  "overturnedCodes",
  "maxSeverity",
  "reviewState",
  "humanVerdict",
  "reviewedBy",
  "reviewedAt",
  "policyVersion",
  "checkedAt",
  "firstSeenAt",
  "lastSeenAt",
  "jobId",
] as const;

/**
 * One CSV field: quoted when needed, and a leading = + - @ (or tab/CR) defused with a quote
 * so that a spreadsheet never runs a poster title as a formula.
 */
export function csvField(value: string | undefined): string {
  let text = value ?? "";
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(",")}\r\n`;
}

export function csvRow(entry: PosterIndexEntry): string {
  const values: Record<(typeof CSV_COLUMNS)[number], string | undefined> = {
    posterHash: entry.posterHash,
    title: entry.title,
    platforms: entry.platforms.join(" "),
    artworkType: entry.artworkType,
    status: entry.status,
    codes: entry.violations.map((v) => v.code).join(" "),
    overturnedCodes: entry.violations
      .filter((v) => v.overturned)
      .map((v) => v.code)
      .join(" "),
    maxSeverity: entry.maxSeverity,
    reviewState: entry.reviewState,
    humanVerdict: entry.humanVerdict,
    reviewedBy: entry.reviewedBy,
    reviewedAt: entry.reviewedAt,
    policyVersion: entry.policyVersion,
    checkedAt: entry.checkedAt,
    firstSeenAt: entry.firstSeenAt,
    lastSeenAt: entry.lastSeenAt,
    jobId: entry.latestJobId,
  };
  return `${CSV_COLUMNS.map((column) => csvField(values[column])).join(",")}\r\n`;
}
