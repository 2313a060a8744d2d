import type { JobStatus } from "../domain/job.js";
import type { Severity, ViolationCode } from "../domain/violation.js";

/** The machine's verdict as a reviewer filters on it. */
export const VERDICT_STATUSES = ["compliant", "violating", "pending", "failed"] as const;
export type VerdictStatus = (typeof VERDICT_STATUSES)[number];

/**
 * unreviewed: no decision applies. partial: some violations overturned, others not looked at.
 * confirmed: a person agrees with the machine verdict. overturned: a person says the opposite.
 */
export const REVIEW_STATES = ["unreviewed", "partial", "confirmed", "overturned"] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

export interface IndexedViolation {
  code: ViolationCode;
  severity: Severity;
  overturned?: boolean;
}

/** One row per poster: everything the gallery shows and filters on, kept current by the indexer. */
export interface PosterIndexEntry {
  posterHash: string;
  title?: string;
  platforms: string[];
  artworkType: string;
  jobStatus: JobStatus;
  status: VerdictStatus;
  /** The machine's violations, each marked when a person overturned it. */
  violations: IndexedViolation[];
  /** The highest severity among the violations. */
  maxSeverity?: Severity;
  reviewState: ReviewState;
  /** What a person decided the verdict is, when reviewed. */
  humanVerdict?: "compliant" | "violating";
  reviewedBy?: string;
  reviewedAt?: string;
  /** The job whose verdict is shown; ULIDs order the gallery, newest first. */
  latestJobId: string;
  policyVersion: string;
  storageKey: string;
  thumbnailKey?: string;
  firstSeenAt?: string;
  lastSeenAt?: string;
  checkedAt?: string;
  /** The newest change this entry reflects; an older write never replaces a newer one. */
  updatedAt: string;
}

/** reviewed: "no" (not yet), "yes" (confirmed or overturned), "overturned" (a person disagrees). */
export type ReviewedFilter = "no" | "yes" | "overturned";

export interface GalleryFilter {
  platform?: string;
  status?: VerdictStatus;
  code?: ViolationCode;
  /** At least this severity. */
  minSeverity?: Severity;
  reviewed?: ReviewedFilter;
  /** Words in the title. */
  q?: string;
}

export interface GalleryQuery extends GalleryFilter {
  limit: number;
  cursor?: string;
}

export interface GalleryPage {
  items: PosterIndexEntry[];
  nextCursor?: string;
}

export interface PlatformStats {
  platform: string;
  posters: number;
  compliant: number;
  violating: number;
  pending: number;
  failed: number;
}

export interface CodeStats {
  code: ViolationCode;
  posters: number;
  maxSeverity: Severity;
}

export interface IndexStats {
  posters: number;
  byStatus: Record<VerdictStatus, number>;
  byReview: Record<ReviewState, number>;
  byPlatform: PlatformStats[];
  byCode: CodeStats[];
}

export interface PosterIndex {
  /** Writes the entry unless the stored one is newer; returns whether it was written. */
  upsert(entry: PosterIndexEntry): Promise<boolean>;
  get(posterHash: string): Promise<PosterIndexEntry | undefined>;
  /** Newest first, a page at a time (keyset pagination: as fast on page 1000 as on page 1). */
  search(query: GalleryQuery): Promise<GalleryPage>;
  count(filter: GalleryFilter): Promise<number>;
  stats(): Promise<IndexStats>;
  platforms(): Promise<string[]>;
  size(): Promise<number>;
  /** Where the index stands in the job store's change feed (JobStore.listChangedSince). */
  getChangeWatermark(): Promise<string | undefined>;
  setChangeWatermark(watermark: string): Promise<void>;
}
