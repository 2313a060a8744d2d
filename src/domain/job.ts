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
  platform: string;
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
