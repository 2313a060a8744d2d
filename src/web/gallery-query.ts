import { isPlatformSlug } from "../domain/platform.js";
import { SEVERITIES, type Severity, VIOLATION_CODES, type ViolationCode } from "../domain/violation.js";
import {
  type GalleryFilter,
  type ReviewedFilter,
  VERDICT_STATUSES,
  type VerdictStatus,
} from "../ports/poster-index.js";

export const REVIEWED_FILTERS = ["no", "yes", "overturned"] as const satisfies readonly ReviewedFilter[];

/** The query string names of the gallery filters, shared by the pages, the API and the exports. */
export interface GalleryQueryString {
  platform?: string;
  status?: string;
  code?: string;
  severity?: string;
  reviewed?: string;
  q?: string;
}

function oneOf<T extends string>(values: readonly T[], value: string | undefined): T | undefined {
  return value !== undefined && (values as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** Reads the filters, dropping values that are not valid (a hand-edited URL shows everything). */
export function galleryFilterFrom(query: GalleryQueryString): GalleryFilter {
  const filter: GalleryFilter = {};
  if (query.platform && isPlatformSlug(query.platform)) filter.platform = query.platform;
  const status = oneOf<VerdictStatus>(VERDICT_STATUSES, query.status);
  if (status) filter.status = status;
  const code = oneOf<ViolationCode>(VIOLATION_CODES, query.code);
  if (code) filter.code = code;
  const severity = oneOf<Severity>(SEVERITIES, query.severity);
  if (severity) filter.minSeverity = severity;
  const reviewed = oneOf<ReviewedFilter>(REVIEWED_FILTERS, query.reviewed);
  if (reviewed) filter.reviewed = reviewed;
  const q = query.q?.trim().slice(0, 200);
  if (q) filter.q = q;
  return filter;
}

export function galleryQueryStringOf(filter: GalleryFilter): Record<string, string | undefined> {
  return {
    platform: filter.platform,
    status: filter.status,
    code: filter.code,
    severity: filter.minSeverity,
    reviewed: filter.reviewed,
    q: filter.q,
  };
}

export function isFiltered(filter: GalleryFilter): boolean {
  return Object.values(galleryQueryStringOf(filter)).some((v) => v !== undefined);
}

/** JSON schema of the filters, for API routes. */
export const galleryFilterSchemaProperties = {
  platform: { type: "string", maxLength: 63 },
  status: { type: "string", enum: VERDICT_STATUSES },
  code: { type: "string", enum: VIOLATION_CODES },
  severity: { type: "string", enum: SEVERITIES, description: "at least this severity" },
  reviewed: { type: "string", enum: REVIEWED_FILTERS },
  q: { type: "string", maxLength: 200, description: "words in the title" },
} as const;
