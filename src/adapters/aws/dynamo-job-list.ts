import { BatchGetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { Job } from "../../domain/job.js";
import type { JobListFilter, JobPage } from "../../ports/job-store.js";
import { decodeIndexCursor, encodeIndexCursor, type IndexKey, indexKeyOf } from "./dynamo-cursor.js";
import { isJobItem, jobFromItem } from "./dynamo-items.js";
import { HEAD_COLLECTION, headKeyAfter, JOB_COLLECTION } from "./dynamo-keys.js";
import { type DynamoTable, Expression } from "./dynamo-requests.js";
import {
  COLLECTION_INDEX,
  type IndexDesign,
  PLATFORM_INDEX,
  POSTER_HASH_INDEX,
  STATUS_INDEX,
} from "./dynamo-table-design.js";

/** Index pages read for one listJobs call before a short page is returned with its cursor. */
const MAX_PAGES_PER_CALL = 5;
const BATCH_GET_LIMIT = 100;

interface ListPlan {
  index: IndexDesign;
  partitionValue: string;
  /** Equality filters on attributes the index projects. */
  filters: [string, string][];
}

/**
 * The most selective index for the filter, the rest as a FilterExpression: one poster has few
 * jobs, a status or a platform many; no filter reads the "JOB" collection.
 */
function planFor(filter: JobListFilter): ListPlan {
  const others = (...names: ("status" | "platform")[]) =>
    names.flatMap((n): [string, string][] => (filter[n] === undefined ? [] : [[n, filter[n] as string]]));
  if (filter.posterHash !== undefined) {
    return {
      index: POSTER_HASH_INDEX,
      partitionValue: filter.posterHash,
      filters: others("status", "platform"),
    };
  }
  if (filter.status !== undefined) {
    return { index: STATUS_INDEX, partitionValue: filter.status, filters: others("platform") };
  }
  if (filter.platform !== undefined)
    return { index: PLATFORM_INDEX, partitionValue: filter.platform, filters: [] };
  return { index: COLLECTION_INDEX, partitionValue: JOB_COLLECTION, filters: [] };
}

/**
 * Newest first: Query the index backwards for limit + 1 keys (the extra one says whether a next
 * page exists), then BatchGetItem the jobs. The cursor is the index key of the last job returned.
 */
export async function listJobsPage(table: DynamoTable, filter: JobListFilter): Promise<JobPage> {
  const plan = planFor(filter);
  let startKey: Record<string, unknown> | undefined =
    filter.cursor === undefined
      ? undefined
      : decodeIndexCursor(filter.cursor, plan.index, plan.partitionValue);
  const limit = Math.trunc(filter.limit);
  if (!(limit >= 1)) return { items: [] };
  const wanted = limit + 1;
  const found: Record<string, unknown>[] = [];
  let pages = 0;
  do {
    const page = await table.doc.send(
      new QueryCommand(queryInput(table, plan, wanted - found.length, startKey)),
    );
    found.push(...(page.Items ?? []).slice(0, wanted - found.length));
    startKey = page.LastEvaluatedKey;
    pages += 1;
  } while (found.length < wanted && startKey && pages < MAX_PAGES_PER_CALL);

  const keys = found.slice(0, limit);
  // Index entries lag the table: a job whose status just changed is dropped, not shown wrongly.
  const items = (
    await batchGetJobs(
      table,
      keys.map((k) => String(k.jobId)),
    )
  ).filter((job) => matches(job, filter));
  const last = keys.at(-1);
  if (found.length > limit && last)
    return { items, nextCursor: encodeIndexCursor(plan.index, indexKeyOf(plan.index, last)) };
  if (startKey) return { items, nextCursor: encodeIndexCursor(plan.index, startKey as IndexKey) };
  return { items };
}

function matches(job: Job, filter: JobListFilter): boolean {
  return (
    (filter.status === undefined || job.status === filter.status) &&
    (filter.platform === undefined || job.platform === filter.platform) &&
    (filter.posterHash === undefined || job.posterHash === filter.posterHash)
  );
}

function queryInput(
  table: DynamoTable,
  plan: ListPlan,
  needed: number,
  startKey: Record<string, unknown> | undefined,
) {
  const e = new Expression();
  const keyCondition = `${e.name(plan.index.partitionKey.name)} = ${e.value(plan.partitionValue)}`;
  const filter = plan.filters.map(([name, value]) => `${e.name(name)} = ${e.value(value)}`).join(" AND ");
  return {
    TableName: table.name,
    IndexName: plan.index.indexName,
    KeyConditionExpression: keyCondition,
    // A filtered read evaluates more entries than it returns; an unfiltered one reads only what it needs.
    ...(filter ? { FilterExpression: filter } : { Limit: needed }),
    ...e.attributes(),
    ScanIndexForward: false,
    ExclusiveStartKey: startKey,
  };
}

/** Jobs by id in the order asked, skipping ids that are not jobs; unprocessed keys are retried. */
export async function batchGetJobs(table: DynamoTable, jobIds: string[]): Promise<Job[]> {
  const byId = new Map<string, Job>();
  for (let i = 0; i < jobIds.length; i += BATCH_GET_LIMIT) {
    let keys: Record<string, unknown>[] = jobIds.slice(i, i + BATCH_GET_LIMIT).map((jobId) => ({ jobId }));
    for (let attempt = 0; keys.length > 0; attempt++) {
      if (attempt > 0) await backoff(attempt);
      const out = await table.doc.send(
        new BatchGetCommand({ RequestItems: { [table.name]: { Keys: keys } } }),
      );
      for (const item of out.Responses?.[table.name] ?? []) {
        if (isJobItem(item)) byId.set(String(item.jobId), jobFromItem(item));
      }
      keys = out.UnprocessedKeys?.[table.name]?.Keys ?? [];
    }
  }
  return jobIds.flatMap((id) => byId.get(id) ?? []);
}

function backoff(attempt: number): Promise<void> {
  const ms = Math.min(1000, 25 * 2 ** attempt) * (0.5 + Math.random() / 2);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The newest job of each poster after `afterPosterHash`, in poster-hash order (for re-judging). */
export async function latestJobPerPoster(
  table: DynamoTable,
  afterPosterHash: string | undefined,
  limit: number,
): Promise<Job[]> {
  return batchGetJobs(table, await latestHeadJobIds(table, afterPosterHash, Math.trunc(limit)));
}

/**
 * The newest job id of each poster after `afterPosterHash`, in hash order. A poster has one head
 * per verdict key, so heads are read until `limit` posters are complete (or the heads run out).
 */
async function latestHeadJobIds(
  table: DynamoTable,
  afterPosterHash: string | undefined,
  limit: number,
): Promise<string[]> {
  if (!(limit >= 1)) return [];
  const latest = new Map<string, string>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const e = new Expression();
    const inCollection = `${e.name("collection")} = ${e.value(HEAD_COLLECTION)}`;
    const after =
      afterPosterHash === undefined
        ? ""
        : ` AND ${e.name("jobId")} > ${e.value(headKeyAfter(afterPosterHash))}`;
    const page = await table.doc.send(
      new QueryCommand({
        TableName: table.name,
        IndexName: COLLECTION_INDEX.indexName,
        KeyConditionExpression: inCollection + after,
        // Most posters have one or two heads (verdict keys); more pages follow when not.
        Limit: limit * 2 + 2,
        ...e.attributes(),
        ExclusiveStartKey: startKey,
      }),
    );
    for (const head of page.Items ?? []) {
      const hash = String(head.headPosterHash);
      const jobId = String(head.headJobId);
      if (!latest.has(hash) && latest.size === limit) return [...latest.values()];
      const known = latest.get(hash);
      if (known === undefined || jobId > known) latest.set(hash, jobId);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return [...latest.values()];
}
