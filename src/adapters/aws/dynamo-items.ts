import type { ComplianceResult } from "../../domain/compliance-result.js";
import type { Job, JobError, JobStatus } from "../../domain/job.js";
import type { NewJob } from "../../ports/job-store.js";
import { CHANGE_FEED, changePosition, JOB_COLLECTION } from "./dynamo-keys.js";

/**
 * A job as stored. Free-form documents (`metadata`, `result`) are JSON strings so they round-trip
 * exactly as in the embedded store: DynamoDB numbers stop at 38 digits and 1e126, and a map
 * cannot hold every JSON value. Lease fields, `superseded` and the change-feed keys never leave
 * the adapter.
 */
export interface JobItem {
  jobId: string;
  itemType: "JOB";
  collection: typeof JOB_COLLECTION;
  requestId?: string;
  posterHash: string;
  policyVersion: string;
  verdictKey: string;
  platform: string;
  artworkType: string;
  posterUrl: string;
  pageUrl?: string;
  metadata: string;
  status: JobStatus;
  attempts: number;
  storage: { bucket: string; key: string };
  createdAt: string;
  updatedAt: string;
  startedAt?: string;
  completedAt?: string;
  processingDurationMs?: number;
  result?: string;
  error?: { code: string; message: string };
  leaseToken?: string;
  leaseUntil?: string;
  /** Set once a newer job is replacing this FAILED one as its poster's head: no requeue then. */
  superseded?: boolean;
  /** ChangeIndex keys, set by every write that changes what the job shows (see changeStamp). */
  changeFeed?: typeof CHANGE_FEED;
  changedAt?: string;
}

/** The ChangeIndex keys that move a job to the end of the change feed, stamped when it is written. */
export function changeStamp(jobId: string, now: Date): { changeFeed: typeof CHANGE_FEED; changedAt: string } {
  return { changeFeed: CHANGE_FEED, changedAt: changePosition(now, jobId) };
}

/**
 * The per-(poster, verdict key) record that makes creation atomic. `snapshot` is the job as
 * first written, so a creator that died between the head and the job write can be rolled forward.
 */
export interface HeadItem {
  jobId: string;
  itemType: "HEAD";
  collection: string;
  headJobId: string;
  headPosterHash: string;
  snapshot: JobItem;
}

export function newJobItem(
  job: NewJob,
  completed?: { result: ComplianceResult; completedAt: string },
): JobItem {
  const item: JobItem = {
    jobId: job.jobId,
    itemType: "JOB",
    collection: JOB_COLLECTION,
    requestId: job.requestId,
    posterHash: job.posterHash,
    policyVersion: job.policyVersion,
    verdictKey: job.verdictKey,
    platform: job.platform,
    artworkType: job.artworkType,
    posterUrl: job.posterUrl,
    pageUrl: job.pageUrl,
    metadata: JSON.stringify(job.metadata),
    status: "PENDING",
    attempts: 0,
    storage: { bucket: job.storage.bucket, key: job.storage.key },
    createdAt: job.createdAt,
    updatedAt: job.createdAt,
  };
  if (!completed) return item;
  return {
    ...item,
    status: "COMPLETED",
    result: JSON.stringify(completed.result),
    completedAt: completed.completedAt,
    updatedAt: completed.completedAt,
    processingDurationMs: 0,
  };
}

export function jobFromItem(item: Record<string, unknown>): Job {
  const stored = item as unknown as JobItem;
  const job: Job = {
    jobId: stored.jobId,
    posterHash: stored.posterHash,
    policyVersion: stored.policyVersion,
    verdictKey: stored.verdictKey,
    platform: stored.platform,
    artworkType: stored.artworkType,
    posterUrl: stored.posterUrl,
    metadata: JSON.parse(stored.metadata) as Record<string, unknown>,
    status: stored.status,
    attempts: stored.attempts,
    storage: { bucket: stored.storage.bucket, key: stored.storage.key },
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
  };
  if (stored.requestId !== undefined) job.requestId = stored.requestId;
  if (stored.pageUrl !== undefined) job.pageUrl = stored.pageUrl;
  if (stored.startedAt !== undefined) job.startedAt = stored.startedAt;
  if (stored.completedAt !== undefined) job.completedAt = stored.completedAt;
  if (stored.processingDurationMs !== undefined) job.processingDurationMs = stored.processingDurationMs;
  if (stored.result !== undefined) job.result = JSON.parse(stored.result) as ComplianceResult;
  if (stored.error !== undefined) job.error = { code: stored.error.code, message: stored.error.message };
  return job;
}

export function isJobItem(item: Record<string, unknown> | undefined): item is Record<string, unknown> {
  return item?.itemType === "JOB";
}

const MAX_ERROR_MESSAGE = 16 * 1024;

/** An error as stored: a message as long as a whole stack trace must not make the item unwritable. */
export function storedError(error: JobError): { code: string; message: string } {
  const message =
    error.message.length > MAX_ERROR_MESSAGE
      ? `${error.message.slice(0, MAX_ERROR_MESSAGE - 1)}…`
      : error.message;
  return { code: error.code, message };
}

/** DynamoDB refuses items over 400 KB; refuse earlier, with a message that says what was too big. */
export const MAX_ITEM_BYTES = 350 * 1024;

export class ItemTooLargeError extends Error {
  override readonly name = "ItemTooLargeError";
  readonly code = "ITEM_TOO_LARGE";
  constructor(
    readonly what: string,
    readonly bytes: number,
  ) {
    super(
      `${what} is ${Math.ceil(bytes / 1024)} KB, above the ${MAX_ITEM_BYTES / 1024} KB this store writes ` +
        "(DynamoDB items are limited to 400 KB)",
    );
  }
}

/** The JSON size is a close upper bound of DynamoDB's own item size accounting. */
export function assertFits(what: string, value: unknown): void {
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? "");
  if (bytes > MAX_ITEM_BYTES) throw new ItemTooLargeError(what, bytes);
}
