import { createHash } from "node:crypto";
import type { Sighting } from "../../ports/job-store.js";

/**
 * The synthetic `jobId` of every non-job item, and the `collection` values of CollectionIndex.
 * Components that callers choose are URI-encoded so that `#` stays a separator; unbounded
 * ones (URLs, request ids) are hashed to keep keys far below DynamoDB's 2 KB key limit.
 */

export const JOB_COLLECTION = "JOB";
export const HEAD_COLLECTION = "HEAD";

const HEAD_PREFIX = "HEAD#";

/** The `changeFeed` value of every job: the one ChangeIndex partition (see dynamo-table-design.ts). */
export const CHANGE_FEED = "JOB";

/**
 * A job's place in ChangeIndex: `<ISO instant of the write>#<jobId>`. The instant orders changes;
 * the job id keeps two jobs written in the same millisecond apart, so paging never skips one.
 */
export function changePosition(at: Date, jobId: string): string {
  return `${at.toISOString()}#${jobId}`;
}

/** The position between the changes stamped before `at` and those stamped at `at` or later. */
export function changePositionBefore(at: Date): string {
  return `${at.toISOString()}#`;
}

const CHANGE_POSITION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#/;

export function isChangePosition(value: string): boolean {
  return CHANGE_POSITION.test(value);
}

export function headKey(posterHash: string, verdictKey: string): string {
  return `${HEAD_PREFIX}${part(posterHash)}#${part(verdictKey)}`;
}

/** Every head key of posters whose hash sorts after `posterHash` is greater than this. */
export function headKeyAfter(posterHash: string): string {
  return `${HEAD_PREFIX}${part(posterHash)}$`;
}

export function sightingKey(sighting: Sighting): string {
  const place = sha256(`${sighting.platform}\n${sighting.posterUrl}\n${sighting.pageUrl ?? ""}`);
  return `SEEN#${part(sighting.posterHash)}#${place}`;
}

export function sightingCollection(posterHash: string): string {
  return `SEEN#${part(posterHash)}`;
}

export function observationKey(posterHash: string, detector: string, version: string): string {
  return `OBS#${part(posterHash)}#${part(detector)}#${part(version)}`;
}

export function observationCollection(posterHash: string): string {
  return `OBS#${part(posterHash)}`;
}

export function urlValidatorsKey(url: string): string {
  return `URL#${sha256(url)}`;
}

export function storedResponseKey(requestId: string): string {
  return `REQ#${sha256(requestId)}`;
}

function part(value: string): string {
  return encodeURIComponent(value);
}

function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}
