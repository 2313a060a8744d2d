import { BatchGetCommand, BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { DynamoTable } from "./dynamo-requests.js";

const BATCH_GET_LIMIT = 100;
const BATCH_WRITE_LIMIT = 25;

export type Item = Record<string, unknown>;

/** Items by table key, read strongly consistent; unprocessed keys are asked again with backoff. */
export async function batchGetItems(table: DynamoTable, keys: readonly string[]): Promise<Map<string, Item>> {
  const found = new Map<string, Item>();
  const unique = [...new Set(keys)];
  for (let i = 0; i < unique.length; i += BATCH_GET_LIMIT) {
    let pending: Item[] = unique.slice(i, i + BATCH_GET_LIMIT).map((jobId) => ({ jobId }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await backoff(attempt);
      const out = await table.doc.send(
        new BatchGetCommand({ RequestItems: { [table.name]: { Keys: pending, ConsistentRead: true } } }),
      );
      for (const item of out.Responses?.[table.name] ?? []) found.set(String(item.jobId), item);
      pending = out.UnprocessedKeys?.[table.name]?.Keys ?? [];
    }
  }
  return found;
}

export type WriteRequest = { put: Item } | { delete: string };

/** Unconditional puts and deletes, 25 to a request; unprocessed ones are sent again with backoff. */
export async function batchWriteItems(table: DynamoTable, requests: readonly WriteRequest[]): Promise<void> {
  const all = requests.map((r) =>
    "put" in r ? { PutRequest: { Item: r.put } } : { DeleteRequest: { Key: { jobId: r.delete } } },
  );
  for (let i = 0; i < all.length; i += BATCH_WRITE_LIMIT) {
    let pending: (typeof all)[number][] = all.slice(i, i + BATCH_WRITE_LIMIT);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await backoff(attempt);
      const out = await table.doc.send(new BatchWriteCommand({ RequestItems: { [table.name]: pending } }));
      pending = (out.UnprocessedItems?.[table.name] ?? []) as typeof pending;
    }
  }
}

function backoff(attempt: number): Promise<void> {
  const ms = Math.min(1000, 25 * 2 ** attempt) * (0.5 + Math.random() / 2);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
