import { createHash, randomBytes } from "node:crypto";
import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { CrawlError, CrawlRun, CrawlRunSummary } from "../../ports/crawl-run-store.js";
import { batchGetItems, batchWriteItems, type Item, type WriteRequest } from "./dynamo-batch.js";
import {
  lastRunKey,
  platformRunCollection,
  platformRunKey,
  RUN_COLLECTION,
  RUNNING_COLLECTION,
  runKey,
  runningKey,
  runPageKey,
} from "./dynamo-crawl-run-keys.js";
import { assertFits } from "./dynamo-items.js";
import { type DynamoTable, Expression, writeSucceeded } from "./dynamo-requests.js";

/**
 * A crawl run as items: a head with the run's fields, and its lists (posters, errors, agent steps,
 * each unbounded: a run may find 20,000 posters) cut into pages of at most PAGE_BYTES of JSON.
 *
 * Pages are immutable: a save writes only pages whose content changed, under keys carrying its own
 * random `writeId`, then puts the head on condition that it still has the version read before
 * (optimistic concurrency), then deletes the pages the old head used and the new one does not.
 * A reader takes the head, then its pages; a page gone missing means a newer head replaced it
 * meanwhile, and the read starts over. So every read is one whole record, never a mix of two saves,
 * and a progress save of a growing run rewrites only the last page and adds the new ones.
 */

const LISTS = ["posters", "errors", "agentSteps"] as const;
type ListName = (typeof LISTS)[number];
const LIST_TAG: Record<ListName, string> = { posters: "P", errors: "E", agentSteps: "A" };

/** Small enough that rewriting the last page on every progress save stays cheap (1 write unit per KB). */
export const PAGE_BYTES = 32 * 1024;
/** An error reason as long as a stack trace must not make a page unwritable. */
const MAX_REASON = 16 * 1024;
const READ_ATTEMPTS = 5;

interface PageRef {
  hash: string;
  writeId: string;
}
type PageRefs = Partial<Record<ListName, PageRef[]>>;
type RunFields = Omit<CrawlRun, ListName>;

export interface RunHead {
  jobId: string;
  itemType: "CRAWL_RUN";
  collection: typeof RUN_COLLECTION;
  /** 1 for the first save; a save commits only over the version it read. */
  version: number;
  writeId: string;
  /** JSON of the run without its lists. */
  fields: string;
  /** JSON of PageRefs; a list that is absent (agentSteps) has no entry. */
  pages: string;
}

export async function readHead(table: DynamoTable, runId: string): Promise<RunHead | undefined> {
  const out = await table.doc.send(
    new GetCommand({ TableName: table.name, Key: { jobId: runKey(runId) }, ConsistentRead: true }),
  );
  return out.Item as RunHead | undefined;
}

export function fieldsOf(head: RunHead): RunFields {
  return JSON.parse(head.fields) as RunFields;
}

/**
 * Writes the run over `previous` (the head read last, undefined for a new run). False when another
 * save committed first: nothing of this one stays, and the caller reads the head again.
 */
export async function writeRun(
  table: DynamoTable,
  input: CrawlRun,
  previous: RunHead | undefined,
): Promise<boolean> {
  const run = withBoundedReasons(input);
  const writeId = randomBytes(8).toString("hex");
  const before = previous ? refsOf(previous) : {};
  const pages: PageRefs = {};
  const fresh: Item[] = [];
  for (const list of LISTS) {
    const entries = run[list];
    if (entries === undefined) continue;
    pages[list] = paginate(entries).map((payload, index) => {
      const hash = createHash("sha256").update(payload).digest("base64url");
      const kept = before[list]?.[index];
      if (kept?.hash === hash) return kept;
      const item = {
        jobId: runPageKey(run.runId, LIST_TAG[list], index, writeId),
        itemType: "CRAWL_PAGE",
        payload,
      };
      assertFits(`page ${index} of the ${list} of crawl run ${run.runId}`, item);
      fresh.push(item);
      return { hash, writeId };
    });
  }
  const { posters: _p, errors: _e, agentSteps: _a, ...fields } = run;
  const head: RunHead = {
    jobId: runKey(run.runId),
    itemType: "CRAWL_RUN",
    collection: RUN_COLLECTION,
    version: (previous?.version ?? 0) + 1,
    writeId,
    fields: JSON.stringify(fields),
    pages: JSON.stringify(pages),
  };
  assertFits(`crawl run ${run.runId}`, head);
  const was = previous ? fieldsOf(previous) : undefined;

  // Pages and markers go before the head: a head that says RUNNING always has its marker.
  const beforeHead: WriteRequest[] = fresh.map((item) => ({ put: item }));
  if (run.status === "RUNNING" && was?.status !== "RUNNING") {
    beforeHead.push({
      put: { jobId: runningKey(run.runId), itemType: "CRAWL_RUNNING", collection: RUNNING_COLLECTION },
    });
  }
  if (was?.platform !== run.platform) {
    beforeHead.push({
      put: {
        jobId: platformRunKey(run.platform, run.runId),
        itemType: "CRAWL_PLATFORM_RUN",
        collection: platformRunCollection(run.platform),
      },
    });
  }
  await batchWriteItems(table, beforeHead);
  if (!(await commitHead(table, head, previous))) {
    await batchWriteItems(
      table,
      fresh.map((item) => ({ delete: String(item.jobId) })),
    ).catch(() => {});
    return false;
  }

  const used = new Set(pageKeys(run.runId, pages, LISTS));
  const cleanup: WriteRequest[] = pageKeys(run.runId, before, LISTS)
    .filter((key) => !used.has(key))
    .map((key) => ({ delete: key }));
  if (run.status !== "RUNNING" && was?.status === "RUNNING") cleanup.push({ delete: runningKey(run.runId) });
  if (was && was.platform !== run.platform) cleanup.push({ delete: platformRunKey(was.platform, run.runId) });
  await Promise.all([batchWriteItems(table, cleanup), pointLastRun(table, run)]);
  return true;
}

export interface StoredRun<T> {
  head: RunHead;
  run: T;
}

export async function readRun(table: DynamoTable, runId: string): Promise<StoredRun<CrawlRun> | undefined> {
  const found = await readRuns(table, [runId], LISTS);
  return found.get(runId) as StoredRun<CrawlRun> | undefined;
}

/** Summaries of the runs that exist, in the order of `runIds`. */
export async function readSummaries(table: DynamoTable, runIds: string[]): Promise<CrawlRunSummary[]> {
  const found = await readRuns(table, runIds, ["errors", "agentSteps"]);
  return runIds.flatMap((id) => found.get(id)?.run ?? []);
}

/** Heads (one BatchGetItem per 100), then all their pages; runs whose pages moved are read again. */
async function readRuns(
  table: DynamoTable,
  runIds: string[],
  lists: readonly ListName[],
): Promise<Map<string, StoredRun<CrawlRunSummary>>> {
  const result = new Map<string, StoredRun<CrawlRunSummary>>();
  let pending = [...new Set(runIds)];
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt === READ_ATTEMPTS) throw new Error(`crawl run ${pending[0]} kept changing while it was read`);
    const heads = await batchGetItems(table, pending.map(runKey));
    const present = pending.flatMap((runId) => {
      const head = heads.get(runKey(runId)) as RunHead | undefined;
      return head ? [{ runId, head, refs: refsOf(head) }] : [];
    });
    const pages = await batchGetItems(
      table,
      present.flatMap(({ runId, refs }) => pageKeys(runId, refs, lists)),
    );
    pending = [];
    for (const { runId, head, refs } of present) {
      const run: Record<string, unknown> = { ...fieldsOf(head) };
      const complete = lists.every((list) => {
        const listRefs = refs[list];
        if (listRefs === undefined) return true;
        const payloads = pageKeys(runId, { [list]: listRefs }, [list]).map((key) => pages.get(key)?.payload);
        if (payloads.some((payload) => payload === undefined)) return false;
        run[list] = payloads.flatMap((payload) => JSON.parse(String(payload)) as unknown[]);
        return true;
      });
      if (complete) result.set(runId, { head, run: run as unknown as CrawlRunSummary });
      else pending.push(runId);
    }
  }
  return result;
}

/** Entries packed in order into JSON arrays of at most PAGE_BYTES (an entry larger than that alone). */
function paginate(entries: readonly unknown[]): string[] {
  const pages: string[] = [];
  let current: string[] = [];
  let bytes = 2;
  for (const entry of entries) {
    const json = JSON.stringify(entry) ?? "null";
    const size = Buffer.byteLength(json) + 1;
    if (current.length > 0 && bytes + size > PAGE_BYTES) {
      pages.push(`[${current.join(",")}]`);
      current = [];
      bytes = 2;
    }
    current.push(json);
    bytes += size;
  }
  if (current.length > 0) pages.push(`[${current.join(",")}]`);
  return pages;
}

function pageKeys(runId: string, refs: PageRefs, lists: readonly ListName[]): string[] {
  return lists.flatMap((list) =>
    (refs[list] ?? []).map((ref, index) => runPageKey(runId, LIST_TAG[list], index, ref.writeId)),
  );
}

function refsOf(head: RunHead): PageRefs {
  return JSON.parse(head.pages) as PageRefs;
}

async function commitHead(
  table: DynamoTable,
  head: RunHead,
  previous: RunHead | undefined,
): Promise<boolean> {
  const e = new Expression();
  const condition = previous
    ? `${e.name("version")} = ${e.value(previous.version)}`
    : `attribute_not_exists(${e.name("jobId")})`;
  const written = await writeSucceeded(
    table.doc.send(
      new PutCommand({
        TableName: table.name,
        Item: head,
        ConditionExpression: condition,
        ...e.attributes(),
      }),
    ),
  );
  if (written) return true;
  // The SDK resends a put whose answer was lost; finding this save's own head means it landed.
  const current = await table.doc.send(
    new GetCommand({ TableName: table.name, Key: { jobId: head.jobId }, ConsistentRead: true }),
  );
  return current.Item?.writeId === head.writeId;
}

/** The platform's last run by (startedAt, runId), as the embedded store orders them; moves only forward. */
async function pointLastRun(table: DynamoTable, run: CrawlRun): Promise<void> {
  const e = new Expression();
  const startedAt = e.name("lastStartedAt");
  const runId = e.name("lastRunId");
  const s = e.value(run.startedAt);
  const r = e.value(run.runId);
  await writeSucceeded(
    table.doc.send(
      new UpdateCommand({
        TableName: table.name,
        Key: { jobId: lastRunKey(run.platform) },
        UpdateExpression: `SET ${e.name("itemType")} = ${e.value("CRAWL_LAST_RUN")}, ${startedAt} = ${s}, ${runId} = ${r}`,
        ConditionExpression: `attribute_not_exists(${e.name("jobId")}) OR ${startedAt} < ${s} OR (${startedAt} = ${s} AND ${runId} <= ${r})`,
        ...e.attributes(),
      }),
    ),
  );
}

function withBoundedReasons(run: CrawlRun): CrawlRun {
  if (!run.errors.some((error) => error.reason.length > MAX_REASON)) return run;
  return { ...run, errors: run.errors.map(boundReason) };
}

function boundReason(error: CrawlError): CrawlError {
  return error.reason.length > MAX_REASON
    ? { ...error, reason: `${error.reason.slice(0, MAX_REASON - 1)}…` }
    : error;
}
