import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { ComplianceResult } from "../../domain/compliance-result.js";
import type { Job } from "../../domain/job.js";
import type { CreateOutcome, NewJob } from "../../ports/job-store.js";
import {
  assertFits,
  changeStamp,
  type HeadItem,
  isJobItem,
  type JobItem,
  jobFromItem,
  newJobItem,
} from "./dynamo-items.js";
import { HEAD_COLLECTION, headKey } from "./dynamo-keys.js";
import { type DynamoTable, Expression, writeSucceeded } from "./dynamo-requests.js";

const MAX_ROUNDS = 10;

/**
 * Atomic per-poster creation with single-item conditional writes (no transaction, so it runs on
 * every DynamoDB-compatible store). The head item `HEAD#<hash>#<verdictKey>` is the lock:
 *
 * 1. Put the head (pointing at the new job, carrying its snapshot) if no head exists.
 * 2. Otherwise read the head and its job (strongly consistent). A live job wins: not created.
 * 3. A FAILED job is first marked `superseded` (conditional on it still being FAILED, which
 *    fences a concurrent requeue), then the head is swung over on `headJobId = :failedJob`.
 * 4. Put the job itself. A creator that dies after 1 or 3 leaves a head whose job is missing;
 *    the next reader writes the job from the head's snapshot (roll-forward).
 *
 * The job's change-feed position is stamped from `now()` when the job item itself is written,
 * by its creator or by the reader that rolls it forward, never earlier.
 */
export async function createJob(
  table: DynamoTable,
  job: NewJob,
  now: () => Date,
  completed?: { result: ComplianceResult; completedAt: string },
): Promise<CreateOutcome> {
  const item = newJobItem(job, completed);
  const head: HeadItem = {
    jobId: headKey(job.posterHash, job.verdictKey),
    itemType: "HEAD",
    collection: HEAD_COLLECTION,
    headJobId: job.jobId,
    headPosterHash: job.posterHash,
    snapshot: item,
  };
  assertFits(`job ${job.jobId}`, head);

  if (await putHead(table, head, undefined)) return created(table, item, now);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const current = await readHeadJob(table, head.jobId, now);
    if (!current) {
      if (await putHead(table, head, undefined)) return created(table, item, now);
      continue;
    }
    if (current.status !== "FAILED") return { created: false, job: current };
    if (!(await markSuperseded(table, current.jobId))) continue;
    if (await putHead(table, head, current.jobId)) return created(table, item, now);
  }
  throw new Error(`the head of poster ${job.posterHash} kept changing; gave up after ${MAX_ROUNDS} rounds`);
}

/** The job a head points at, written from the head's snapshot first if its creator died. */
export async function readHeadJob(
  table: DynamoTable,
  key: string,
  now: () => Date,
): Promise<Job | undefined> {
  const out = await table.doc.send(
    new GetCommand({ TableName: table.name, Key: { jobId: key }, ConsistentRead: true }),
  );
  const head = out.Item as HeadItem | undefined;
  if (!head) return undefined;
  const job = await getJobItem(table, head.headJobId);
  if (job) return jobFromItem(job);
  await putJobOnce(table, head.snapshot, now);
  const rolled = await getJobItem(table, head.headJobId);
  return rolled ? jobFromItem(rolled) : undefined;
}

export async function getJobItem(
  table: DynamoTable,
  jobId: string,
): Promise<Record<string, unknown> | undefined> {
  const out = await table.doc.send(
    new GetCommand({ TableName: table.name, Key: { jobId }, ConsistentRead: true }),
  );
  return isJobItem(out.Item) ? out.Item : undefined;
}

async function created(table: DynamoTable, item: JobItem, now: () => Date): Promise<CreateOutcome> {
  await putJobOnce(table, item, now);
  return { created: true, job: jobFromItem(item as unknown as Record<string, unknown>) };
}

/** Swings the head to the new job if it is absent (`previous` undefined) or still points at `previous`. */
async function putHead(table: DynamoTable, head: HeadItem, previous: string | undefined): Promise<boolean> {
  const e = new Expression();
  const condition =
    previous === undefined
      ? `attribute_not_exists(${e.name("jobId")})`
      : `${e.name("headJobId")} = ${e.value(previous)}`;
  return writeSucceeded(
    table.doc.send(
      new PutCommand({
        TableName: table.name,
        Item: head,
        ConditionExpression: condition,
        ...e.attributes(),
      }),
    ),
  );
}

async function markSuperseded(table: DynamoTable, jobId: string): Promise<boolean> {
  const e = new Expression();
  return writeSucceeded(
    table.doc.send(
      new UpdateCommand({
        TableName: table.name,
        Key: { jobId },
        UpdateExpression: e.update({ superseded: true }),
        ConditionExpression: `${e.name("status")} = ${e.value("FAILED")}`,
        ...e.attributes(),
      }),
    ),
  );
}

/** A job is written once; if a reader already rolled it forward, that copy is the same snapshot. */
async function putJobOnce(table: DynamoTable, item: JobItem, now: () => Date): Promise<void> {
  const e = new Expression();
  await writeSucceeded(
    table.doc.send(
      new PutCommand({
        TableName: table.name,
        Item: { ...item, ...changeStamp(item.jobId, now()) },
        ConditionExpression: `attribute_not_exists(${e.name("jobId")})`,
        ...e.attributes(),
      }),
    ),
  );
}
