import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  type TableDescription,
} from "@aws-sdk/client-dynamodb";
import { createTableInput, GLOBAL_SECONDARY_INDEXES, PARTITION_KEY } from "./dynamo-table-design.js";

export interface EnsureTableOptions {
  /** How long to wait for the table and its indexes to become ACTIVE (default 5 minutes). */
  timeoutMs?: number;
  pollMs?: number;
}

export type EnsureTableOutcome = "created" | "existed";

/** An existing table that the job store cannot use: its key or an index differs from the design. */
export class TableDesignMismatchError extends Error {
  override readonly name = "TableDesignMismatchError";
}

/**
 * Creates the job table with the design's settings unless it exists, then waits until the table
 * and every index are ACTIVE. An existing table is checked for the key and indexes the store uses.
 */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
  options: EnsureTableOptions = {},
): Promise<EnsureTableOutcome> {
  const existing = await describe(client, tableName);
  let outcome: EnsureTableOutcome = "existed";
  if (existing) {
    assertMatchesDesign(existing);
  } else {
    outcome = await create(client, tableName);
  }
  await waitUntilActive(client, tableName, options.timeoutMs ?? 300_000, options.pollMs ?? 1000);
  return outcome;
}

async function create(client: DynamoDBClient, tableName: string): Promise<EnsureTableOutcome> {
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
    return "created";
  } catch (error) {
    // Another `aws init` created it between our describe and create.
    if (error instanceof Error && error.name === "ResourceInUseException") return "existed";
    throw error;
  }
}

async function describe(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof Error && error.name === "ResourceNotFoundException") return undefined;
    throw error;
  }
}

function assertMatchesDesign(table: TableDescription): void {
  const problems: string[] = [];
  const hash = table.KeySchema?.find((k) => k.KeyType === "HASH")?.AttributeName;
  if (hash !== PARTITION_KEY.name || table.KeySchema?.length !== 1) {
    problems.push(`its key must be the partition key "${PARTITION_KEY.name}" alone`);
  }
  for (const index of GLOBAL_SECONDARY_INDEXES) {
    const found = table.GlobalSecondaryIndexes?.find((i) => i.IndexName === index.indexName);
    const keys = found?.KeySchema?.map((k) => `${k.AttributeName}:${k.KeyType}`).join(",");
    const wanted = `${index.partitionKey.name}:HASH,${index.sortKey.name}:RANGE`;
    if (keys !== wanted) {
      problems.push(
        `index ${index.indexName} must exist with keys (${index.partitionKey.name}, ${index.sortKey.name})`,
      );
    }
  }
  if (problems.length > 0) {
    throw new TableDesignMismatchError(
      `table ${table.TableName} exists but does not fit the job store: ${problems.join("; ")}`,
    );
  }
}

async function waitUntilActive(
  client: DynamoDBClient,
  tableName: string,
  timeoutMs: number,
  pollMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const table = await describe(client, tableName);
    const indexesActive = (table?.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === "ACTIVE");
    if (table?.TableStatus === "ACTIVE" && indexesActive) return;
    if (Date.now() >= deadline) {
      throw new Error(`table ${tableName} is not ACTIVE after ${Math.round(timeoutMs / 1000)} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
