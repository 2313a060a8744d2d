/**
 * CrawlRunStore in the job table (design: dynamo-table-design.ts). Its items never carry
 * `posterHash`, `status`, `createdAt` or `platform`, so no job index sees them.
 *
 * | item              | jobId (table key)                          | collection              |
 * |-------------------|--------------------------------------------|-------------------------|
 * | run head          | CRAWL#<runId>                              | CRAWL                   |
 * | page of a list    | CRAWLPAGE#<runId>#<P/E/A><n>#<writeId>     | –                       |
 * | run of a platform | CRAWLPLATFORM#<platform>#<runId>           | CRAWLPLATFORM#<platform>|
 * | run left RUNNING  | CRAWLRUNNING#<runId>                       | CRAWLRUNNING            |
 * | platform lease    | CRAWLLEASE#<platform>                      | –                       |
 * | last run pointer  | CRAWLLAST#<platform>                       | –                       |
 *
 * | access pattern          | how                                                                   |
 * |-------------------------|-----------------------------------------------------------------------|
 * | save                    | GetItem head, BatchWrite changed pages, conditional Put head, cleanup |
 * | get                     | GetItem head, BatchGetItem pages (consistent)                         |
 * | list (+ platform)       | Query CollectionIndex desc, BatchGetItem heads and their error pages  |
 * | lastRun                 | GetItem pointer, then as get without posters                          |
 * | acquire/renew/release   | one conditional Put / Update / Delete of the lease                   |
 * | markInterrupted         | Query CollectionIndex "CRAWLRUNNING"; per run head, lease, get, save  |
 *
 * Pages, versions and why a read is never a mix of two saves: dynamo-crawl-run-record.ts.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type {
  CrawlRun,
  CrawlRunFilter,
  CrawlRunPage,
  CrawlRunStore,
  CrawlRunSummary,
} from "../../ports/crawl-run-store.js";
import { batchWriteItems } from "./dynamo-batch.js";
import { newestInCollection } from "./dynamo-collection-page.js";
import {
  lastRunKey,
  leaseKey,
  platformRunCollection,
  RUN_COLLECTION,
  RUNNING_COLLECTION,
  runIdOfKey,
  runningKey,
} from "./dynamo-crawl-run-keys.js";
import { fieldsOf, readHead, readRun, readSummaries, writeRun } from "./dynamo-crawl-run-record.js";
import {
  type DynamoTable,
  Expression,
  openDynamoTable,
  queryAll,
  writeSucceeded,
} from "./dynamo-requests.js";
import { COLLECTION_INDEX } from "./dynamo-table-design.js";

const MAX_SAVE_ROUNDS = 10;

export interface DynamoCrawlRunStoreOptions {
  /** The caller's client (usually the job store's, which destroys it): close() leaves it open. */
  client: DynamoDBClient;
  tableName: string;
}

export class DynamoCrawlRunStore implements CrawlRunStore {
  private readonly table: DynamoTable;

  constructor(options: DynamoCrawlRunStoreOptions) {
    this.table = openDynamoTable(options.client, options.tableName);
  }

  /** Last writer wins, as in the embedded store: a save that finds a newer head rebases onto it. */
  async save(run: CrawlRun): Promise<void> {
    for (let round = 0; round < MAX_SAVE_ROUNDS; round++) {
      if (await writeRun(this.table, run, await readHead(this.table, run.runId))) return;
    }
    throw new Error(`crawl run ${run.runId} kept changing; gave up saving after ${MAX_SAVE_ROUNDS} rounds`);
  }

  async get(runId: string): Promise<CrawlRun | undefined> {
    return (await readRun(this.table, runId))?.run;
  }

  async list(filter: CrawlRunFilter): Promise<CrawlRunPage> {
    const collection = filter.platform ? platformRunCollection(filter.platform) : RUN_COLLECTION;
    const page = await newestInCollection(this.table, collection, filter);
    const summaries = await readSummaries(
      this.table,
      page.items.map((item) => runIdOfKey(String(item.jobId))),
    );
    // A platform entry outlives a run saved again under another platform; the head decides.
    const items = filter.platform ? summaries.filter((run) => run.platform === filter.platform) : summaries;
    return page.nextCursor ? { items, nextCursor: page.nextCursor } : { items };
  }

  async lastRun(platform: string): Promise<CrawlRunSummary | undefined> {
    const pointer = await this.getItem(lastRunKey(platform));
    if (!pointer) return undefined;
    const [summary] = await readSummaries(this.table, [String(pointer.lastRunId)]);
    return summary;
  }

  /** Taken when no lease exists, it has expired, or this holder has it already (a resent put). */
  async acquireLease(platform: string, holder: string, until: Date, now: Date): Promise<boolean> {
    const e = new Expression();
    const expiresAt = e.name("expiresAt");
    return writeSucceeded(
      this.table.doc.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { jobId: leaseKey(platform), itemType: "CRAWL_LEASE", holder, expiresAt: until.getTime() },
          ConditionExpression: `attribute_not_exists(${e.name("jobId")}) OR ${expiresAt} <= ${e.value(now.getTime())} OR ${e.name("holder")} = ${e.value(holder)}`,
          ...e.attributes(),
        }),
      ),
    );
  }

  async renewLease(platform: string, holder: string, until: Date): Promise<boolean> {
    const e = new Expression();
    return writeSucceeded(
      this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: { jobId: leaseKey(platform) },
          UpdateExpression: e.update({ expiresAt: until.getTime() }),
          ConditionExpression: `${e.name("holder")} = ${e.value(holder)}`,
          ...e.attributes(),
        }),
      ),
    );
  }

  async releaseLease(platform: string, holder: string): Promise<void> {
    const e = new Expression();
    await writeSucceeded(
      this.table.doc.send(
        new DeleteCommand({
          TableName: this.table.name,
          Key: { jobId: leaseKey(platform) },
          ConditionExpression: `${e.name("holder")} = ${e.value(holder)}`,
          ...e.attributes(),
        }),
      ),
    );
  }

  /**
   * Each run marked RUNNING is checked against its platform's lease (read consistently) and, when
   * none is live, saved INTERRUPTED over the exact version read: a run saved meanwhile by a
   * process still alive is left alone. Markers of runs no longer RUNNING are removed on the way.
   */
  async markInterrupted(now: Date): Promise<number> {
    const e = new Expression();
    const markers = await queryAll(this.table, {
      IndexName: COLLECTION_INDEX.indexName,
      KeyConditionExpression: `${e.name("collection")} = ${e.value(RUNNING_COLLECTION)}`,
      ...e.attributes(),
    });
    let marked = 0;
    for (const marker of markers) {
      const runId = runIdOfKey(String(marker.jobId));
      const head = await readHead(this.table, runId);
      // No head yet: a first save is between its marker and its head.
      if (!head) continue;
      const fields = fieldsOf(head);
      if (fields.status !== "RUNNING") {
        await batchWriteItems(this.table, [{ delete: runningKey(runId) }]);
        continue;
      }
      const lease = await this.getItem(leaseKey(fields.platform));
      if (lease && Number(lease.expiresAt) > now.getTime()) continue;
      const stored = await readRun(this.table, runId);
      if (!stored || fieldsOf(stored.head).status !== "RUNNING") continue;
      if (await writeRun(this.table, interrupted(stored.run, now), stored.head)) marked += 1;
    }
    return marked;
  }

  async close(): Promise<void> {}

  private async getItem(key: string): Promise<Record<string, unknown> | undefined> {
    const out = await this.table.doc.send(
      new GetCommand({ TableName: this.table.name, Key: { jobId: key }, ConsistentRead: true }),
    );
    return out.Item;
  }
}

/** The record of a run whose process died, as the embedded store writes it. */
function interrupted(run: CrawlRun, now: Date): CrawlRun {
  const finishedAt = now.toISOString();
  const errors = [
    ...run.errors,
    {
      kind: "run" as const,
      url: run.startUrls[0] ?? "",
      code: "INTERRUPTED",
      reason: "the process running this crawl stopped before it finished",
      at: finishedAt,
    },
  ];
  return {
    ...run,
    status: "INTERRUPTED",
    finishedAt,
    errors,
    counts: { ...run.counts, errors: errors.length },
  };
}
