import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { InvalidCursorError } from "../../domain/cursor.js";
import type { Job } from "../../domain/job.js";
import type { ChangedJobs } from "../../ports/job-store.js";
import { batchGetItems } from "./dynamo-batch.js";
import { isJobItem, jobFromItem } from "./dynamo-items.js";
import { CHANGE_FEED, changePositionBefore, isChangePosition } from "./dynamo-keys.js";
import { type DynamoTable, Expression } from "./dynamo-requests.js";
import { CHANGE_INDEX } from "./dynamo-table-design.js";

/**
 * How long a change stays held back from the feed. A position is stamped just before its write
 * is sent, by the writer's clock, and reaches ChangeIndex asynchronously; a reader that moved its
 * watermark past a position whose write was still on the way would never see that change. So
 * the feed returns only positions older than this: they cover the write's own latency and
 * retries, the index's propagation (normally well under a second) and clock skew between hosts
 * (milliseconds on AWS). A write delayed longer than this can be missed; the job's next change,
 * or a rebuild, brings its poster up to date.
 */
export const DEFAULT_SETTLE_MS = 5000;

/**
 * Jobs after the watermark in ChangeIndex order, up to the settled horizon `settledBefore`.
 * The jobs are read back from the table, strongly consistent: the index says which changed, the
 * table what they are now. A job that has changed again past the horizon is left for later (its
 * newer position will bring it), so what the caller gets is never newer than its watermark says.
 */
export async function listChangedSince(
  table: DynamoTable,
  after: string | undefined,
  limit: number,
  settledBefore: Date,
): Promise<ChangedJobs> {
  if (after !== undefined && !isChangePosition(after)) throw new InvalidCursorError();
  const count = Math.trunc(limit);
  const end = changePositionBefore(settledBefore);
  if (!(count >= 1) || (after !== undefined && after >= end)) return { items: [], next: after };

  const e = new Expression();
  const feed = `${e.name(CHANGE_INDEX.partitionKey.name)} = ${e.value(CHANGE_FEED)}`;
  const changedAt = e.name(CHANGE_INDEX.sortKey.name);
  // BETWEEN is inclusive: the entry at `after` itself (already delivered) is dropped below.
  const range =
    after === undefined
      ? `${changedAt} < ${e.value(end)}`
      : `${changedAt} BETWEEN ${e.value(after)} AND ${e.value(end)}`;
  const page = await table.doc.send(
    new QueryCommand({
      TableName: table.name,
      IndexName: CHANGE_INDEX.indexName,
      KeyConditionExpression: `${feed} AND ${range}`,
      ...e.attributes(),
      ScanIndexForward: true,
      Limit: count + (after === undefined ? 0 : 1),
    }),
  );
  const entries = (page.Items ?? [])
    .map((entry) => ({ jobId: String(entry.jobId), position: String(entry.changedAt) }))
    .filter((entry) => entry.position !== after)
    .slice(0, count);
  const last = entries.at(-1);
  if (!last) return { items: [], next: after };

  const stored = await batchGetItems(
    table,
    entries.map((entry) => entry.jobId),
  );
  const items: Job[] = [];
  const seen = new Set<string>();
  for (const { jobId } of entries) {
    const item = stored.get(jobId);
    if (seen.has(jobId) || !isJobItem(item)) continue;
    const current = typeof item.changedAt === "string" ? item.changedAt : "";
    if (current >= end) continue;
    seen.add(jobId);
    items.push(jobFromItem(item));
  }
  return { items, next: last.position };
}
