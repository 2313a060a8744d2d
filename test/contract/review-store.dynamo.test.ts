import { DeleteTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DynamoJobStore } from "../../src/adapters/aws/dynamo-job-store.js";
import { DecisionExistsError, DynamoReviewStore } from "../../src/adapters/aws/dynamo-review-store.js";
import { ensureTable } from "../../src/adapters/aws/ensure-table.js";
import { type Dynalite, startDynalite } from "../support/dynalite.js";
import { posterHash } from "./job-store-fixtures.js";
import { decision, describeReviewStoreContract } from "./review-store.contract.js";

let dynalite: Dynalite;
let tables = 0;

beforeAll(async () => {
  dynalite = await startDynalite();
});
afterAll(async () => {
  await dynalite.stop();
});

async function openStore() {
  const tableName = `reviews-${++tables}`;
  const admin = dynalite.client();
  await ensureTable(admin, tableName, { pollMs: 10 });
  const client = dynalite.client();
  return {
    store: new DynamoReviewStore({ client, tableName }),
    admin,
    tableName,
    async close() {
      client.destroy();
      await admin.send(new DeleteTableCommand({ TableName: tableName }));
      admin.destroy();
    },
  };
}

describeReviewStoreContract("DynamoReviewStore on dynalite", openStore);

describe("DynamoReviewStore beyond the contract", () => {
  let opened: Awaited<ReturnType<typeof openStore>>;
  let admin: DynamoDBClient;
  beforeEach(async () => {
    opened = await openStore();
    admin = opened.admin;
  });
  afterEach(async () => {
    await opened.close();
  });

  it("takes the same decision recorded again as a retry, and says why a different one is refused", async () => {
    await opened.store.record(decision(1, { note: "ok" }));
    // Same content, fields built in another order: the SDK resending a put whose answer was lost.
    const { machine, reviewer, ...rest } = decision(1, { note: "ok" });
    await opened.store.record({ machine, reviewer, ...rest });
    expect(await opened.store.listForPoster(posterHash("a"))).toEqual([decision(1, { note: "ok" })]);
    await expect(opened.store.record(decision(1, { note: "other" }))).rejects.toBeInstanceOf(
      DecisionExistsError,
    );
  });

  it("completes the listings of a decision whose first record died after writing it", async () => {
    const doc = DynamoDBDocumentClient.from(admin);
    const stranded = decision(1, { reviewer: { name: "bo", role: "admin" } });
    await doc.send(
      new PutCommand({
        TableName: opened.tableName,
        Item: {
          jobId: `REVIEW#${stranded.decisionId}`,
          itemType: "REVIEW",
          collection: "REVIEW",
          payload: JSON.stringify(stranded),
        },
      }),
    );
    expect(await opened.store.listForPoster(posterHash("a"))).toEqual([]);
    await opened.store.record(stranded);
    expect(await opened.store.listForPoster(posterHash("a"))).toEqual([stranded]);
    expect((await opened.store.listAudit({ limit: 5, reviewer: "bo" })).items).toEqual([stranded]);
    expect(await opened.store.reviewers()).toEqual(["bo"]);
  });

  it("shares the job table without showing up among jobs", async () => {
    const jobs = new DynamoJobStore({ client: dynalite.client(), tableName: opened.tableName });
    for (let n = 1; n <= 3; n++) await opened.store.record(decision(n));
    expect(await jobs.listJobs({ limit: 10 })).toEqual({ items: [] });
    expect(await jobs.listJobs({ limit: 10, posterHash: posterHash("a") })).toEqual({ items: [] });
    expect(await jobs.countByStatus()).toEqual({ PENDING: 0, PROCESSING: 0, COMPLETED: 0, FAILED: 0 });
    await jobs.close();
  });
});
