/**
 * ReviewStore in the job table (design: dynamo-table-design.ts). Items never carry `posterHash`,
 * `status`, `createdAt` or `platform`, so no job index sees them; the decision itself is JSON in
 * `payload`, which CollectionIndex projects, so listings need no second read.
 *
 * | item                  | jobId (table key)            | collection        |
 * |-----------------------|------------------------------|-------------------|
 * | decision              | REVIEW#<decisionId>          | REVIEW            |
 * | a poster's decisions  | REVIEWS#<hash> (string set)  | –                 |
 * | decision by reviewer  | REVIEWBY#<sha(name)>#<id>    | REVIEWBY#<sha>    |
 * | reviewer name         | REVIEWER#<sha(name)>         | REVIEWER          |
 *
 * | access pattern            | how                                                          |
 * |---------------------------|--------------------------------------------------------------|
 * | record                    | conditional Put decision, then 3 writes in parallel           |
 * | listForPoster             | GetItem set, BatchGetItem decisions (all consistent)         |
 * | listAudit                 | Query CollectionIndex "REVIEW" desc                          |
 * | listAudit by poster       | as listForPoster, newest first, cursor on the decision id     |
 * | listAudit by reviewer     | Query CollectionIndex "REVIEWBY#<sha>" desc                   |
 * | reviewers                 | Query CollectionIndex "REVIEWER"                              |
 *
 * A poster's decisions are read from the base table, not an index: the review service reads them
 * right after recording one, and an eventually consistent index could still miss it. The set
 * holds ids only (27 bytes each), room for some 12,000 decisions on one poster.
 */
import { createHash } from "node:crypto";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { decodeCursor, encodeCursor } from "../../domain/cursor.js";
import type { AuditFilter, AuditPage, ReviewDecision, ReviewStore } from "../../ports/review-store.js";
import { batchGetItems } from "./dynamo-batch.js";
import { newestInCollection } from "./dynamo-collection-page.js";
import { assertFits } from "./dynamo-items.js";
import {
  type DynamoTable,
  Expression,
  openDynamoTable,
  queryAll,
  writeSucceeded,
} from "./dynamo-requests.js";
import { COLLECTION_INDEX } from "./dynamo-table-design.js";

const REVIEW_COLLECTION = "REVIEW";
const REVIEWER_COLLECTION = "REVIEWER";

const decisionKey = (decisionId: string) => `REVIEW#${part(decisionId)}`;
const posterDecisionsKey = (posterHash: string) => `REVIEWS#${part(posterHash)}`;
const byReviewerCollection = (name: string) => `REVIEWBY#${sha256(name)}`;
const byReviewerKey = (name: string, decisionId: string) =>
  `${byReviewerCollection(name)}#${part(decisionId)}`;
const reviewerKey = (name: string) => `REVIEWER#${sha256(name)}`;

/** Another decision was already recorded under this id: decisions are never replaced. */
export class DecisionExistsError extends Error {
  override readonly name = "DecisionExistsError";
  readonly code = "DECISION_EXISTS";
  constructor(readonly decisionId: string) {
    super(`a different decision is already recorded as ${decisionId}; decisions are never changed`);
  }
}

export interface DynamoReviewStoreOptions {
  /** The caller's client (usually the job store's, which destroys it): this store never does. */
  client: DynamoDBClient;
  tableName: string;
}

export class DynamoReviewStore implements ReviewStore {
  private readonly table: DynamoTable;

  constructor(options: DynamoReviewStoreOptions) {
    this.table = openDynamoTable(options.client, options.tableName);
  }

  /**
   * The decision is written once, on condition that its id is new. Finding the very same decision
   * already there is a retry (the SDK resends a put whose answer was lost, or an earlier call died
   * before the index entries): it succeeds and completes them. A different one is refused.
   */
  async record(decision: ReviewDecision): Promise<void> {
    const payload = JSON.stringify(canonical(decision));
    const item = {
      jobId: decisionKey(decision.decisionId),
      itemType: "REVIEW",
      collection: REVIEW_COLLECTION,
      payload,
    };
    assertFits(`review decision ${decision.decisionId}`, item);
    if (!(await this.putIfAbsent(item))) {
      const existing = await this.table.doc.send(
        new GetCommand({ TableName: this.table.name, Key: { jobId: item.jobId }, ConsistentRead: true }),
      );
      if (existing.Item?.payload !== payload) throw new DecisionExistsError(decision.decisionId);
    }
    await Promise.all([
      this.addToPoster(decision.posterHash, decision.decisionId),
      this.put({
        jobId: byReviewerKey(decision.reviewer.name, decision.decisionId),
        itemType: "REVIEW_BY_REVIEWER",
        collection: byReviewerCollection(decision.reviewer.name),
        payload,
      }),
      this.put({
        jobId: reviewerKey(decision.reviewer.name),
        itemType: "REVIEWER",
        collection: REVIEWER_COLLECTION,
        payload: decision.reviewer.name,
      }),
    ]);
  }

  async listForPoster(posterHash: string): Promise<ReviewDecision[]> {
    const ids = (await this.posterDecisionIds(posterHash)).sort(compare);
    return this.decisions(ids);
  }

  async listAudit(filter: AuditFilter): Promise<AuditPage> {
    const limit = Math.trunc(filter.limit);
    if (filter.posterHash !== undefined) return this.posterAudit(filter.posterHash, filter, limit);
    const collection =
      filter.reviewer === undefined ? REVIEW_COLLECTION : byReviewerCollection(filter.reviewer);
    const page = await newestInCollection(this.table, collection, { limit, cursor: filter.cursor });
    const items = page.items.map((item) => decisionFrom(String(item.payload)));
    return page.nextCursor ? { items, nextCursor: page.nextCursor } : { items };
  }

  async reviewers(): Promise<string[]> {
    const e = new Expression();
    const items = await queryAll(this.table, {
      IndexName: COLLECTION_INDEX.indexName,
      KeyConditionExpression: `${e.name("collection")} = ${e.value(REVIEWER_COLLECTION)}`,
      ...e.attributes(),
    });
    // Byte order of UTF-8, as SQLite's BINARY collation sorts names in the embedded store.
    return items
      .map((item) => String(item.payload))
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  }

  /** One poster's decisions newest first; the cursor is the last decision id returned. */
  private async posterAudit(posterHash: string, filter: AuditFilter, limit: number): Promise<AuditPage> {
    const before = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor);
    if (!(limit >= 1)) return { items: [] };
    const ids = (await this.posterDecisionIds(posterHash))
      .filter((id) => before === undefined || id < before)
      .sort((a, b) => compare(b, a));
    const found: ReviewDecision[] = [];
    for (let i = 0; i < ids.length && found.length <= limit; i += limit + 1) {
      const chunk = await this.decisions(ids.slice(i, i + limit + 1));
      found.push(
        ...chunk.filter((d) => filter.reviewer === undefined || d.reviewer.name === filter.reviewer),
      );
    }
    const items = found.slice(0, limit);
    const last = items.at(-1);
    return found.length > limit && last ? { items, nextCursor: encodeCursor(last.decisionId) } : { items };
  }

  private async posterDecisionIds(posterHash: string): Promise<string[]> {
    const out = await this.table.doc.send(
      new GetCommand({
        TableName: this.table.name,
        Key: { jobId: posterDecisionsKey(posterHash) },
        ConsistentRead: true,
      }),
    );
    const ids = out.Item?.decisionIds as Set<string> | undefined;
    return ids ? [...ids] : [];
  }

  /** Decisions by id, in the order asked. */
  private async decisions(ids: string[]): Promise<ReviewDecision[]> {
    const items = await batchGetItems(this.table, ids.map(decisionKey));
    return ids.flatMap((id) => {
      const item = items.get(decisionKey(id));
      return item ? [decisionFrom(String(item.payload))] : [];
    });
  }

  private async addToPoster(posterHash: string, decisionId: string): Promise<void> {
    const e = new Expression();
    await this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: { jobId: posterDecisionsKey(posterHash) },
        UpdateExpression: `SET ${e.name("itemType")} = ${e.value("REVIEWS_OF_POSTER")} ADD ${e.name("decisionIds")} ${e.value(new Set([decisionId]))}`,
        ...e.attributes(),
      }),
    );
  }

  private async putIfAbsent(item: Record<string, unknown>): Promise<boolean> {
    const e = new Expression();
    return writeSucceeded(
      this.table.doc.send(
        new PutCommand({
          TableName: this.table.name,
          Item: item,
          ConditionExpression: `attribute_not_exists(${e.name("jobId")})`,
          ...e.attributes(),
        }),
      ),
    );
  }

  private async put(item: Record<string, unknown>): Promise<void> {
    await this.table.doc.send(new PutCommand({ TableName: this.table.name, Item: item }));
  }
}

/** The decision with its fields in one fixed order, so a retried record compares equal. */
function canonical(d: ReviewDecision): ReviewDecision {
  const machine: ReviewDecision["machine"] = {
    jobId: d.machine.jobId,
    policyVersion: d.machine.policyVersion,
    isCompliant: d.machine.isCompliant,
  };
  if (d.machine.severity !== undefined) machine.severity = d.machine.severity;
  if (d.machine.confidence !== undefined) machine.confidence = d.machine.confidence;
  const decision: ReviewDecision = {
    decisionId: d.decisionId,
    posterHash: d.posterHash,
    scope: d.scope,
    action: d.action,
    note: d.note,
    reviewer: { name: d.reviewer.name, role: d.reviewer.role },
    decidedAt: d.decidedAt,
    machine,
  };
  if (d.code !== undefined) decision.code = d.code;
  return decision;
}

function decisionFrom(payload: string): ReviewDecision {
  return JSON.parse(payload) as ReviewDecision;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function part(value: string): string {
  return encodeURIComponent(value);
}

function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}
