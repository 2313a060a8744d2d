import type { Job, JobStatus } from "../../domain/job.js";

export interface JobRow {
  job_id: string;
  request_id: string | null;
  poster_hash: string;
  policy_version: string;
  verdict_key: string;
  platform: string;
  artwork_type: string;
  poster_url: string;
  page_url: string | null;
  metadata: string;
  status: string;
  attempts: number;
  storage_bucket: string;
  storage_key: string;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  completed_at: string | null;
  processing_duration_ms: number | null;
  result: string | null;
  error_code: string | null;
  error_message: string | null;
}

export function jobFromRow(row: JobRow): Job {
  const job: Job = {
    jobId: row.job_id,
    posterHash: row.poster_hash,
    policyVersion: row.policy_version,
    verdictKey: row.verdict_key,
    platform: row.platform,
    artworkType: row.artwork_type,
    posterUrl: row.poster_url,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    status: row.status as JobStatus,
    attempts: row.attempts,
    storage: { bucket: row.storage_bucket, key: row.storage_key },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.request_id !== null) job.requestId = row.request_id;
  if (row.page_url !== null) job.pageUrl = row.page_url;
  if (row.started_at !== null) job.startedAt = row.started_at;
  if (row.completed_at !== null) job.completedAt = row.completed_at;
  if (row.processing_duration_ms !== null) job.processingDurationMs = row.processing_duration_ms;
  if (row.result !== null) job.result = JSON.parse(row.result);
  if (row.error_code !== null) job.error = { code: row.error_code, message: row.error_message ?? "" };
  return job;
}
