/**
 * Table keys of the crawl run store's items, and its CollectionIndex collections. Caller-chosen
 * parts (run ids, platforms) are URI-encoded so that `#` stays a separator.
 */

/** Every run's head: listing all runs, newest run id first. */
export const RUN_COLLECTION = "CRAWL";
/** Runs whose record says RUNNING, for finding those a dead process left behind. */
export const RUNNING_COLLECTION = "CRAWLRUNNING";

export function runKey(runId: string): string {
  return `CRAWL#${part(runId)}`;
}

/** One page of a run's list, as written by one save (`writeId`): pages are never rewritten. */
export function runPageKey(runId: string, list: string, index: number, writeId: string): string {
  return `CRAWLPAGE#${part(runId)}#${list}#${index}#${writeId}`;
}

export function platformRunKey(platform: string, runId: string): string {
  return `${platformRunCollection(platform)}#${part(runId)}`;
}

export function platformRunCollection(platform: string): string {
  return `CRAWLPLATFORM#${part(platform)}`;
}

export function runningKey(runId: string): string {
  return `${RUNNING_COLLECTION}#${part(runId)}`;
}

export function leaseKey(platform: string): string {
  return `CRAWLLEASE#${part(platform)}`;
}

export function lastRunKey(platform: string): string {
  return `CRAWLLAST#${part(platform)}`;
}

/** The run id at the end of a head, platform or running key. */
export function runIdOfKey(key: string): string {
  return decodeURIComponent(key.slice(key.lastIndexOf("#") + 1));
}

function part(value: string): string {
  return encodeURIComponent(value);
}
