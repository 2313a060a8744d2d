import type { ComplianceResult } from "./compliance-result.js";

export const JOB_STATUSES = ["PENDING", "PROCESSING", "COMPLETED", "FAILED"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface JobError {
  code: string;
  message: string;
}

export interface StorageLocation {
  bucket: string;
  key: string;
}

export interface Job {
  jobId: string;
  requestId?: string;
  posterHash: string;
  policyVersion: string;
  /** What the cache is keyed on with the poster hash: the policy version, and the title where it matters. */
  verdictKey: string;
  platform: string;
  /** poster, box-art, cover, hero, episodic, title-art, … as the policy defines them. */
  artworkType: string;
  posterUrl: string;
  pageUrl?: string;
  metadata: Record<string, unknown>;
  status: JobStatus;
  attempts: number;
  storage: StorageLocation;
  createdAt: string;
  updatedAt: string;
  startedAt?: string;
  completedAt?: string;
  processingDurationMs?: number;
  result?: ComplianceResult;
  error?: JobError;
}

/** A job is "in flight" while a worker may still produce its verdict. */
export function isInFlight(status: JobStatus): boolean {
  return status === "PENDING" || status === "PROCESSING";
}
