import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoJobStore } from "../../src/adapters/aws/dynamo-job-store.js";
import { DynamoNearDuplicateIndex } from "../../src/adapters/aws/dynamo-near-duplicate-index.js";
import { ensureTable } from "../../src/adapters/aws/ensure-table.js";
import { type Dynalite, startDynalite } from "../support/dynalite.js";
import { describeNearDuplicateIndexContract } from "./near-duplicate-index.contract.js";

let dynalite: Dynalite;
let tables = 0;

beforeAll(async () => {
  dynalite = await startDynalite();
});
afterAll(async () => {
  await dynalite.stop();
});

async function openIndex() {
  const tableName = `pdq-${++tables}`;
  const admin = dynalite.client();
  await ensureTable(admin, tableName, { pollMs: 10 });
  const client = dynalite.client();
  return {
    index: new DynamoNearDuplicateIndex({ client, tableName }),
    tableName,
    client,
    async close() {
      client.destroy();
      await admin.send(new DeleteTableCommand({ TableName: tableName }));
      admin.destroy();
    },
  };
}

describeNearDuplicateIndexContract("DynamoNearDuplicateIndex on dynalite", openIndex);

describe("DynamoNearDuplicateIndex beyond the contract", () => {
  it("shares the job table without showing up among jobs", async () => {
    const opened = await openIndex();
    try {
      await opened.index.add(
        "a".repeat(64),
        "f8f8f0cce0f4e84d0e370a22028f67f0b36e2ed596623e1d33e6339c4e9c9b22",
      );
      const jobs = new DynamoJobStore({ client: dynalite.client(), tableName: opened.tableName });
      expect(await jobs.listJobs({ limit: 10 })).toEqual({ items: [] });
      expect(await jobs.countByStatus()).toEqual({ PENDING: 0, PROCESSING: 0, COMPLETED: 0, FAILED: 0 });
      await jobs.close();
    } finally {
      await opened.close();
    }
  });

  it("refuses searches so wide they would query thousands of partitions", async () => {
    const opened = await openIndex();
    try {
      await expect(opened.index.findWithin("0".repeat(64), 64)).rejects.toThrow(RangeError);
    } finally {
      await opened.close();
    }
  });
});
