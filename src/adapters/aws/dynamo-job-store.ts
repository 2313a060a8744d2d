/**
 * JobStore on one DynamoDB table keyed by `jobId` (design data: dynamo-table-design.ts).
 *
 * | item          | jobId (table key)                  | collection   | other index keys                   |
 * |---------------|------------------------------------|--------------|------------------------------------|
 * | job           | <ULID>                             | JOB          | posterHash, status+createdAt, platform |
 * | poster head   | HEAD#<hash>#<verdictKey>           | HEAD         | –                                  |
 * | sighting      | SEEN#<hash>#<sha(place)>           | SEEN#<hash>  | –                                  |
 * | observation   | OBS#<hash>#<detector>#<version>    | OBS#<hash>   | –                                  |
 * | URL validators| URL#<sha(url)>                     | –            | –                                  |
 * | stored reply  | REQ#<sha(requestId)>               | –            | –                                  |
 *
 * | access pattern                       | how                                                       | requests |
 * |--------------------------------------|-----------------------------------------------------------|----------|
 * | getJob                               | GetItem (consistent)                                      | 1        |
 * | findCurrentForPoster                 | GetItem head, GetItem job (both consistent)               | 2        |
 * | createIfAbsent / recordVerdict, new  | conditional Put head, Put job                             | 2        |
 * |   … poster has a live job            | failed Put head, GetItem head, GetItem job                | 3        |
 * |   … poster's job FAILED              | + Update old job `superseded`, Put head, Put job          | 6        |
 * | listJobs by posterHash (+status/platform) | Query PosterHashIndex desc (+filter), BatchGetItem   | 2        |
 * | listJobs by status (+platform)       | Query StatusIndex desc (+filter), BatchGetItem            | 2+       |
 * | listJobs by platform                 | Query PlatformIndex desc, BatchGetItem                    | 2        |
 * | listJobs, no filter                  | Query CollectionIndex "JOB" desc, BatchGetItem            | 2        |
 * | latestJobPerPoster (re-judging)      | Query CollectionIndex "HEAD" after the hash, BatchGetItem | 1 + n/100|
 * | lease writes (start/extend/complete/release/fail/requeue) | one conditional UpdateItem           | 1        |
 * | recordSighting                       | UpdateItem (2 when an older sighting arrives late)        | 1        |
 * | listSightings / listObservations     | Query CollectionIndex "SEEN#/OBS#<hash>"                  | 1        |
 * | save/getObservation, URL validators  | PutItem / GetItem                                         | 1        |
 * | saveStoredResponse                   | conditional PutItem (+ GetItem when another came first)   | 1–2      |
 * | countByStatus                        | 4 parallel Query StatusIndex Select COUNT (keys only)     | 4+       |
 * | listChangedSince (change feed)       | Query ChangeIndex after the watermark, BatchGetItem       | 2        |
 * | touchJob                             | conditional UpdateItem of changeFeed/changedAt            | 1        |
 *
 * Creation needs no transaction (see dynamo-job-creation.ts), so it also runs on emulators
 * without TransactWriteItems. Index reads are eventually consistent and serve only listings;
 * every decision (creation, leases, idempotency) is a conditional write on one item.
 * Every write that changes what a job shows (creation, start, completion, release, failure,
 * requeue, a recorded verdict) also stamps its ChangeIndex position from the store's clock
 * (dynamo-change-feed.ts), as touchJob does alone; extending a lease does not.
 * latestJobPerPoster reads heads (~150-byte index entries) in poster-hash order from where the
 * last page ended, then the newest job of each: re-judging 10,000 posters in the service's pages
 * of 500 is 20 Queries + 100 BatchGetItems, linear in posters, with no Scan. A head whose job was never
 * written (a creator died) is skipped until the next creation or lookup rolls it forward.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { ComplianceResult } from "../../domain/compliance-result.js";
import { JOB_STATUSES, type Job, type JobError, type JobStatus } from "../../domain/job.js";
import type { Observation } from "../../domain/observation.js";
import { type Clock, systemClock } from "../../ports/clock.js";
import type {
  ChangedJobs,
  CreateOutcome,
  JobListFilter,
  JobPage,
  JobStore,
  NewJob,
  RecordedVerdict,
  Sighting,
  SightingSummary,
  StoredResponse,
  UrlValidators,
} from "../../ports/job-store.js";
import { DEFAULT_SETTLE_MS, listChangedSince } from "./dynamo-change-feed.js";
import { assertFits, changeStamp, jobFromItem, storedError } from "./dynamo-items.js";
import { createJob, getJobItem, readHeadJob } from "./dynamo-job-creation.js";
import { latestJobPerPoster, listJobsPage } from "./dynamo-job-list.js";
import { changePositionBefore, headKey } from "./dynamo-keys.js";
import * as records from "./dynamo-poster-records.js";
import { type DynamoTable, Expression, isConditionFailed, openDynamoTable } from "./dynamo-requests.js";
import { STATUS_INDEX } from "./dynamo-table-design.js";

/** Conditional writes of re-judged verdicts in flight at once. */
const VERDICT_WRITES_AT_ONCE = 16;

export interface DynamoJobStoreOptions {
  /** Destroyed by close(). */
  client: DynamoDBClient;
  tableName: string;
  /** Stamps change-feed positions and tells which have settled (default: the system clock). */
  clock?: Clock;
  /** How long the change feed holds a change back (default 5 s; see dynamo-change-feed.ts). */
  changeFeedSettleMs?: number;
}

export class DynamoJobStore implements JobStore {
  private readonly table: DynamoTable;
  private readonly client: DynamoDBClient;
  private readonly clock: Clock;
  private readonly settleMs: number;
  private readonly now = () => this.clock.now();

  constructor(options: DynamoJobStoreOptions) {
    this.client = options.client;
    this.clock = options.clock ?? systemClock;
    this.settleMs = options.changeFeedSettleMs ?? DEFAULT_SETTLE_MS;
    this.table = openDynamoTable(options.client, options.tableName);
  }

  findCurrentForPoster(posterHash: string, verdictKey: string): Promise<Job | undefined> {
    return readHeadJob(this.table, headKey(posterHash, verdictKey), this.now);
  }

  createIfAbsent(job: NewJob): Promise<CreateOutcome> {
    return createJob(this.table, job, this.now);
  }

  /** DynamoDB has no transaction this wide: each verdict's own conditional write, a few at a time. */
  async recordVerdicts(verdicts: readonly RecordedVerdict[]): Promise<CreateOutcome[]> {
    const outcomes: CreateOutcome[] = [];
    for (let i = 0; i < verdicts.length; i += VERDICT_WRITES_AT_ONCE) {
      const slice = verdicts.slice(i, i + VERDICT_WRITES_AT_ONCE);
      outcomes.push(
        ...(await Promise.all(slice.map((v) => this.recordVerdict(v.job, v.result, v.completedAt)))),
      );
    }
    return outcomes;
  }

  recordVerdict(job: NewJob, result: ComplianceResult, completedAt: string): Promise<CreateOutcome> {
    return createJob(this.table, job, this.now, { result, completedAt });
  }

  async latestJobPerPoster(afterPosterHash: string | undefined, limit: number): Promise<Job[]> {
    return latestJobPerPoster(this.table, afterPosterHash, limit);
  }

  async getJob(jobId: string): Promise<Job | undefined> {
    const item = await getJobItem(this.table, jobId);
    return item ? jobFromItem(item) : undefined;
  }

  listJobs(filter: JobListFilter): Promise<JobPage> {
    return listJobsPage(this.table, filter);
  }

  async startProcessing(
    jobId: string,
    leaseToken: string,
    leaseUntil: string,
    now: string,
  ): Promise<Job | undefined> {
    const e = new Expression();
    const status = e.name("status");
    const processing = e.value("PROCESSING");
    const attempts = e.name("attempts");
    const update = e.update(
      {
        status: "PROCESSING",
        leaseToken,
        leaseUntil,
        startedAt: now,
        updatedAt: now,
        ...this.stamp(jobId),
      },
      [`${attempts} = ${attempts} + ${e.value(1)}`],
    );
    const expired = `${e.name("leaseUntil")} <= ${e.value(now)}`;
    const condition = `${e.name("itemType")} = ${e.value("JOB")} AND (${status} = ${e.value("PENDING")} OR (${status} = ${processing} AND ${expired}))`;
    const attributes = await this.conditionalUpdate(jobId, update, condition, e);
    return attributes ? jobFromItem(attributes) : undefined;
  }

  async extendLease(jobId: string, leaseToken: string, leaseUntil: string): Promise<boolean> {
    const e = new Expression();
    const update = e.update({ leaseUntil });
    return (await this.conditionalUpdate(jobId, update, this.heldBy(e, leaseToken), e)) !== undefined;
  }

  async completeJob(
    jobId: string,
    leaseToken: string,
    result: ComplianceResult,
    completedAt: string,
    durationMs: number,
  ): Promise<boolean> {
    const stored = JSON.stringify(result);
    assertFits(`the result of job ${jobId}`, stored);
    const e = new Expression();
    const update = e.update({
      status: "COMPLETED",
      result: stored,
      completedAt,
      processingDurationMs: durationMs,
      updatedAt: completedAt,
      error: undefined,
      leaseToken: undefined,
      leaseUntil: undefined,
      ...this.stamp(jobId),
    });
    return (await this.conditionalUpdate(jobId, update, this.heldBy(e, leaseToken), e)) !== undefined;
  }

  async releaseJob(jobId: string, leaseToken: string, error: JobError | undefined, now: string) {
    const e = new Expression();
    const update = e.update({
      status: "PENDING",
      error: error ? storedError(error) : undefined,
      updatedAt: now,
      leaseToken: undefined,
      leaseUntil: undefined,
      ...this.stamp(jobId),
    });
    return (await this.conditionalUpdate(jobId, update, this.heldBy(e, leaseToken), e)) !== undefined;
  }

  async failJob(jobId: string, leaseToken: string | null, error: JobError, now: string): Promise<boolean> {
    const e = new Expression();
    const update = e.update({
      status: "FAILED",
      error: storedError(error),
      updatedAt: now,
      leaseToken: undefined,
      leaseUntil: undefined,
      ...this.stamp(jobId),
    });
    const status = e.name("status");
    const condition =
      leaseToken === null
        ? `${e.name("itemType")} = ${e.value("JOB")} AND ${status} IN (${e.value("PENDING")}, ${e.value("PROCESSING")})`
        : this.heldBy(e, leaseToken);
    return (await this.conditionalUpdate(jobId, update, condition, e)) !== undefined;
  }

  /** A FAILED job that a newer job is replacing (or has replaced) stays FAILED: see dynamo-job-creation. */
  async requeueFailedJob(jobId: string, now: string): Promise<boolean> {
    const e = new Expression();
    const update = e.update({ status: "PENDING", updatedAt: now, ...this.stamp(jobId) });
    const condition = `${e.name("itemType")} = ${e.value("JOB")} AND ${e.name("status")} = ${e.value("FAILED")} AND attribute_not_exists(${e.name("superseded")})`;
    return (await this.conditionalUpdate(jobId, update, condition, e)) !== undefined;
  }

  recordSighting(sighting: Sighting): Promise<void> {
    return records.recordSighting(this.table, sighting);
  }

  listSightings(posterHash: string): Promise<SightingSummary[]> {
    return records.listSightings(this.table, posterHash);
  }

  saveObservation(posterHash: string, observation: Observation): Promise<void> {
    return records.saveObservation(this.table, posterHash, observation);
  }

  getObservation(posterHash: string, detector: string, version: string): Promise<Observation | undefined> {
    return records.getObservation(this.table, posterHash, detector, version);
  }

  listObservations(posterHash: string): Promise<Observation[]> {
    return records.listObservations(this.table, posterHash);
  }

  getUrlValidators(url: string): Promise<UrlValidators | undefined> {
    return records.getUrlValidators(this.table, url);
  }

  saveUrlValidators(validators: UrlValidators): Promise<void> {
    return records.saveUrlValidators(this.table, validators);
  }

  getStoredResponse(requestId: string): Promise<StoredResponse | undefined> {
    return records.getStoredResponse(this.table, requestId);
  }

  saveStoredResponse(requestId: string, response: StoredResponse): Promise<StoredResponse> {
    return records.saveStoredResponse(this.table, requestId, response);
  }

  /** The watermark is the ChangeIndex position of the last job returned: `<ISO instant>#<jobId>`. */
  listChangedSince(after: string | undefined, limit: number): Promise<ChangedJobs> {
    return listChangedSince(this.table, after, limit, this.settledBefore());
  }

  async touchJob(jobId: string): Promise<boolean> {
    const e = new Expression();
    const update = e.update(this.stamp(jobId));
    const condition = `${e.name("itemType")} = ${e.value("JOB")}`;
    return (await this.conditionalUpdate(jobId, update, condition, e)) !== undefined;
  }

  async changeFeedEnd(): Promise<string> {
    return changePositionBefore(this.settledBefore());
  }

  async listPendingCreatedBefore(before: string, limit: number): Promise<Job[]> {
    const e = new Expression();
    const keyCondition = `${e.name("status")} = ${e.value("PENDING")} AND ${e.name("createdAt")} < ${e.value(before)}`;
    const out = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.name,
        IndexName: STATUS_INDEX.indexName,
        KeyConditionExpression: keyCondition,
        ...e.attributes(),
        Limit: limit,
        ScanIndexForward: true,
      }),
    );
    // The index holds keys and the platform only: read each job whole (and still PENDING).
    const jobs = await Promise.all((out.Items ?? []).map((item) => this.getJob(String(item.jobId))));
    return jobs.filter((job): job is Job => job?.status === "PENDING");
  }

  async countByStatus(): Promise<Record<JobStatus, number>> {
    const counts = await Promise.all(JOB_STATUSES.map((status) => this.countStatus(status)));
    return Object.fromEntries(JOB_STATUSES.map((status, i) => [status, counts[i] ?? 0])) as Record<
      JobStatus,
      number
    >;
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  private stamp(jobId: string) {
    return changeStamp(jobId, this.clock.now());
  }

  /** Changes stamped before this instant have settled: the feed may hand them out. */
  private settledBefore(): Date {
    return new Date(this.clock.now().getTime() - this.settleMs);
  }

  private heldBy(e: Expression, leaseToken: string): string {
    return `${e.name("leaseToken")} = ${e.value(leaseToken)} AND ${e.name("status")} = ${e.value("PROCESSING")}`;
  }

  /** The item after the update, or undefined when the condition did not hold. */
  private async conditionalUpdate(
    jobId: string,
    update: string,
    condition: string,
    e: Expression,
  ): Promise<Record<string, unknown> | undefined> {
    try {
      const out = await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: { jobId },
          UpdateExpression: update,
          ConditionExpression: condition,
          ...e.attributes(),
          ReturnValues: "ALL_NEW",
        }),
      );
      return out.Attributes ?? {};
    } catch (error) {
      if (isConditionFailed(error)) return undefined;
      throw error;
    }
  }

  private async countStatus(status: JobStatus): Promise<number> {
    let count = 0;
    let startKey: Record<string, unknown> | undefined;
    const e = new Expression();
    const keyCondition = `${e.name("status")} = ${e.value(status)}`;
    do {
      const out = await this.table.doc.send(
        new QueryCommand({
          TableName: this.table.name,
          IndexName: STATUS_INDEX.indexName,
          KeyConditionExpression: keyCondition,
          ...e.attributes(),
          Select: "COUNT",
          ExclusiveStartKey: startKey,
        }),
      );
      count += out.Count ?? 0;
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return count;
  }
}
