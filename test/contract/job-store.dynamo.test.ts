import { CreateTableCommand, DeleteTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ItemTooLargeError, newJobItem } from "../../src/adapters/aws/dynamo-items.js";
import { DynamoJobStore } from "../../src/adapters/aws/dynamo-job-store.js";
import { HEAD_COLLECTION, headKey } from "../../src/adapters/aws/dynamo-keys.js";
import { createTableInput } from "../../src/adapters/aws/dynamo-table-design.js";
import { ensureTable, TableDesignMismatchError } from "../../src/adapters/aws/ensure-table.js";
import { InvalidCursorError } from "../../src/domain/cursor.js";
import { type Dynalite, startDynalite } from "../support/dynalite.js";
import { describeJobStoreContract } from "./job-store.contract.js";
import { at, HASH, jobId, newJob, result, TestClock } from "./job-store-fixtures.js";

let dynalite: Dynalite;
let tables = 0;

beforeAll(async () => {
  dynalite = await startDynalite();
});
afterAll(async () => {
  await dynalite.stop();
});

async function openStore(options: { clock?: TestClock } = {}): Promise<{
  store: DynamoJobStore;
  admin: DynamoDBClient;
  tableName: string;
  close(): Promise<void>;
}> {
  const tableName = `jobs-${++tables}`;
  const admin = dynalite.client();
  await ensureTable(admin, tableName, { pollMs: 10 });
  const store = new DynamoJobStore({
    client: dynalite.client(),
    tableName,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    store,
    admin,
    tableName,
    async close() {
      await store.close();
      await admin.send(new DeleteTableCommand({ TableName: tableName }));
      admin.destroy();
    },
  };
}

describeJobStoreContract("DynamoJobStore on dynalite", openStore);

describe("DynamoJobStore beyond the contract", () => {
  let opened: Awaited<ReturnType<typeof openStore>>;
  let doc: DynamoDBDocumentClient;
  let clock: TestClock;
  beforeEach(async () => {
    clock = new TestClock(at(0));
    opened = await openStore({ clock });
    doc = DynamoDBDocumentClient.from(opened.admin, { marshallOptions: { removeUndefinedValues: true } });
  });
  afterEach(async () => {
    await opened.close();
  });

  it("rolls forward a creation whose job write never happened", async () => {
    const snapshot = newJobItem(newJob(jobId(1), { createdAt: at(1) }));
    await doc.send(
      new PutCommand({
        TableName: opened.tableName,
        Item: {
          jobId: headKey(HASH, "v1"),
          itemType: "HEAD",
          collection: HEAD_COLLECTION,
          headJobId: jobId(1),
          headPosterHash: HASH,
          snapshot,
        },
      }),
    );
    expect(await opened.store.getJob(jobId(1))).toBeUndefined();
    expect(await opened.store.createIfAbsent(newJob(jobId(2)))).toMatchObject({
      created: false,
      job: { jobId: jobId(1), status: "PENDING", createdAt: at(1) },
    });
    expect(await opened.store.getJob(jobId(1))).toMatchObject({ jobId: jobId(1), status: "PENDING" });
    expect((await opened.store.listJobs({ limit: 10 })).items.map((j) => j.jobId)).toEqual([jobId(1)]);
    // Written now, so it is in the change feed now, whenever its creator stamped the snapshot.
    clock.advance(60_000);
    const feed = await opened.store.listChangedSince(undefined, 10);
    expect(feed.items.map((j) => j.jobId)).toEqual([jobId(1)]);
  });

  it("holds a change back from the feed until it has settled, then hands it out once", async () => {
    await opened.store.createIfAbsent(newJob(jobId(1)));
    expect(await opened.store.listChangedSince(undefined, 10)).toEqual({ items: [], next: undefined });
    clock.advance(4000);
    expect((await opened.store.listChangedSince(undefined, 10)).items).toEqual([]);
    const end = await opened.store.changeFeedEnd();
    clock.advance(1100);
    const settled = await opened.store.listChangedSince(undefined, 10);
    expect(settled.items.map((j) => j.jobId)).toEqual([jobId(1)]);
    // The end of the feed taken before the change settled still leads to it.
    expect((await opened.store.listChangedSince(end, 10)).items.map((j) => j.jobId)).toEqual([jobId(1)]);
    expect((await opened.store.listChangedSince(settled.next, 10)).items).toEqual([]);
  });

  it("does not move a job in the feed when only its lease is extended", async () => {
    await opened.store.createIfAbsent(newJob(jobId(1)));
    await opened.store.startProcessing(jobId(1), "t", at(30), at(0));
    clock.advance(60_000);
    const { next } = await opened.store.listChangedSince(undefined, 10);
    expect(await opened.store.extendLease(jobId(1), "t", at(90))).toBe(true);
    clock.advance(60_000);
    expect((await opened.store.listChangedSince(next, 10)).items).toEqual([]);
  });

  it("does not requeue a FAILED job once a replacement has claimed it, and finishes that replacement", async () => {
    await opened.store.createIfAbsent(newJob(jobId(1)));
    await opened.store.failJob(jobId(1), null, { code: "X", message: "boom" }, at(1));
    // A creator marked the job superseded and died before swinging the head over.
    await doc.send(
      new UpdateCommand({
        TableName: opened.tableName,
        Key: { jobId: jobId(1) },
        UpdateExpression: "SET superseded = :t",
        ExpressionAttributeValues: { ":t": true },
      }),
    );
    expect(await opened.store.requeueFailedJob(jobId(1), at(2))).toBe(false);
    expect(await opened.store.createIfAbsent(newJob(jobId(2)))).toMatchObject({ created: true });
    expect(await opened.store.getJob(jobId(1))).toMatchObject({ status: "FAILED" });
    expect(await opened.store.findCurrentForPoster(HASH, "v1")).toMatchObject({ jobId: jobId(2) });
  });

  it("refuses items DynamoDB could not hold, leaving the job as it was", async () => {
    await opened.store.createIfAbsent(newJob(jobId(1)));
    await opened.store.startProcessing(jobId(1), "t", at(30), at(0));
    const huge = { ...result, violations: [], checkedAt: "x".repeat(400 * 1024) };
    await expect(opened.store.completeJob(jobId(1), "t", huge, at(1), 1)).rejects.toBeInstanceOf(
      ItemTooLargeError,
    );
    expect(await opened.store.getJob(jobId(1))).toMatchObject({ status: "PROCESSING" });
    await expect(
      opened.store.saveObservation(HASH, {
        detector: "ocr",
        version: "1",
        durationMs: 1,
        data: "x".repeat(400 * 1024),
      }),
    ).rejects.toThrow(/KB, above the 350 KB/);
    await expect(
      opened.store.createIfAbsent(
        newJob(jobId(2), { verdictKey: "v2", metadata: { blob: "x".repeat(400 * 1024) } }),
      ),
    ).rejects.toBeInstanceOf(ItemTooLargeError);
    expect(await opened.store.findCurrentForPoster(HASH, "v2")).toBeUndefined();
  });

  it("fails a job whose error message is longer than an item may be", async () => {
    await opened.store.createIfAbsent(newJob(jobId(1)));
    const message = "at frame\n".repeat(50_000);
    expect(await opened.store.failJob(jobId(1), null, { code: "CRASH", message }, at(1))).toBe(true);
    const failed = await opened.store.getJob(jobId(1));
    expect(failed?.status).toBe("FAILED");
    expect(failed?.error?.message.startsWith("at frame\nat frame")).toBe(true);
    expect(failed?.error?.message.length).toBeLessThanOrEqual(16 * 1024);
  });

  it("refuses a cursor made for another value of the same filter", async () => {
    for (let i = 0; i < 3; i++)
      await opened.store.createIfAbsent(newJob(jobId(i + 1), { verdictKey: `v${i}` }));
    const { nextCursor } = await opened.store.listJobs({ status: "PENDING", limit: 1 });
    await expect(
      opened.store.listJobs({ status: "FAILED", limit: 1, cursor: nextCursor }),
    ).rejects.toBeInstanceOf(InvalidCursorError);
  });
});

describe("ensureTable", () => {
  let admin: DynamoDBClient;
  beforeEach(() => {
    admin = dynalite.client();
  });
  afterEach(() => {
    admin.destroy();
  });

  it("creates the table once and finds it the second time", async () => {
    expect(await ensureTable(admin, "ensure-me", { pollMs: 10 })).toBe("created");
    expect(await ensureTable(admin, "ensure-me", { pollMs: 10 })).toBe("existed");
    await admin.send(new DeleteTableCommand({ TableName: "ensure-me" }));
  });

  it("adds an index the table lacks, or says which and how to add it", async () => {
    const input = createTableInput("before-the-feed");
    await admin.send(
      new CreateTableCommand({
        ...input,
        GlobalSecondaryIndexes: input.GlobalSecondaryIndexes?.filter((i) => i.IndexName !== "ChangeIndex"),
      }),
    );
    // DynamoDB adds the index by UpdateTable and builds it from the existing items; dynalite
    // refuses to add one to an on-demand table, which must then be reported plainly.
    const refused = ensureTable(admin, "before-the-feed", { pollMs: 10 });
    await expect(refused).rejects.toBeInstanceOf(TableDesignMismatchError);
    await expect(refused).rejects.toThrow(
      /lacks the index ChangeIndex \(changeFeed, changedAt\), and adding/,
    );
    await admin.send(new DeleteTableCommand({ TableName: "before-the-feed" }));
  });

  it("refuses an existing table the store cannot use", async () => {
    const input = createTableInput("wrong-shape");
    await admin.send(
      new CreateTableCommand({ ...input, GlobalSecondaryIndexes: input.GlobalSecondaryIndexes?.slice(0, 1) }),
    );
    await expect(ensureTable(admin, "wrong-shape", { pollMs: 10 })).rejects.toThrow(TableDesignMismatchError);
    await expect(ensureTable(admin, "wrong-shape", { pollMs: 10 })).rejects.toThrow(/StatusIndex/);
    await admin.send(new DeleteTableCommand({ TableName: "wrong-shape" }));
  });
});
