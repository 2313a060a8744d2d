import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  type TableDescription,
  UpdateTableCommand,
} from "@aws-sdk/client-dynamodb";
import {
  createTableInput,
  GLOBAL_SECONDARY_INDEXES,
  globalSecondaryIndexInput,
  type IndexDesign,
  PARTITION_KEY,
} from "./dynamo-table-design.js";

export interface EnsureTableOptions {
  /** How long to wait for the table and its indexes to become ACTIVE (default 5 minutes). */
  timeoutMs?: number;
  pollMs?: number;
}

/** updated: the table existed and the indexes it lacked (ChangeIndex, for one) were added. */
export type EnsureTableOutcome = "created" | "existed" | "updated";

/** An existing table that the job store cannot use: its key or an index differs from the design. */
export class TableDesignMismatchError extends Error {
  override readonly name = "TableDesignMismatchError";
}

/**
 * Creates the job table with the design's settings unless it exists, then waits until the table
 * and every index are ACTIVE. An existing table is checked for the key and indexes the store uses;
 * an index it lacks (one added to the design later, such as ChangeIndex) is added by UpdateTable,
 * one at a time as DynamoDB requires, and built from the existing items before this returns.
 */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
  options: EnsureTableOptions = {},
): Promise<EnsureTableOutcome> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  const pollMs = options.pollMs ?? 1000;
  const existing = await describe(client, tableName);
  if (!existing) {
    const outcome = await create(client, tableName);
    await waitUntilActive(client, tableName, timeoutMs, pollMs);
    return outcome;
  }
  assertMatchesDesign(existing);
  const missing = missingIndexes(existing);
  await waitUntilActive(client, tableName, timeoutMs, pollMs);
  for (const [i, index] of missing.entries()) {
    const failure = await addIndex(client, existing, index);
    if (failure) {
      throw new TableDesignMismatchError(
        `table ${tableName} lacks ${describeIndexes(missing.slice(i))}, and adding ${index.indexName} ` +
          `failed: ${failure.message}. ${MISSING_INDEX_ADVICE}`,
        { cause: failure },
      );
    }
    await waitUntilActive(client, tableName, timeoutMs, pollMs);
  }
  if (missing.length === 0) return "existed";
  const after = await describe(client, tableName);
  const stillMissing = after ? missingIndexes(after) : missing;
  if (stillMissing.length > 0) {
    throw new TableDesignMismatchError(
      `table ${tableName} lacks ${describeIndexes(stillMissing)}: UpdateTable was accepted but the ` +
        `table does not list it (a DynamoDB emulator that cannot add indexes?). ${MISSING_INDEX_ADVICE}`,
    );
  }
  return "updated";
}

function missingIndexes(table: TableDescription): IndexDesign[] {
  return GLOBAL_SECONDARY_INDEXES.filter(
    (index) => !table.GlobalSecondaryIndexes?.some((i) => i.IndexName === index.indexName),
  );
}

function describeIndexes(indexes: IndexDesign[]): string {
  const list = indexes.map((i) => `${i.indexName} (${i.partitionKey.name}, ${i.sortKey.name})`).join(", ");
  return `the ${indexes.length === 1 ? "index" : "indexes"} ${list}`;
}

/**
 * UpdateTable Create for one index; returns the error when it could not be added (a concurrent
 * `aws init` that added it first is no error).
 */
async function addIndex(
  client: DynamoDBClient,
  table: TableDescription,
  index: IndexDesign,
): Promise<Error | undefined> {
  const tableName = String(table.TableName);
  const keys = [index.partitionKey, index.sortKey];
  // A table someone created with provisioned capacity needs it for the new index as well.
  const { ReadCapacityUnits, WriteCapacityUnits } = table.ProvisionedThroughput ?? {};
  const provisioned =
    table.BillingModeSummary?.BillingMode !== "PAY_PER_REQUEST" && ReadCapacityUnits && WriteCapacityUnits
      ? { ProvisionedThroughput: { ReadCapacityUnits, WriteCapacityUnits } }
      : {};
  try {
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: keys.map((k) => ({ AttributeName: k.name, AttributeType: k.type })),
        GlobalSecondaryIndexUpdates: [{ Create: { ...globalSecondaryIndexInput(index), ...provisioned } }],
      }),
    );
    return undefined;
  } catch (error) {
    const now = await describe(client, tableName).catch(() => undefined);
    if (now && !missingIndexes(now).some((i) => i.indexName === index.indexName)) return undefined;
    return error instanceof Error ? error : new Error(String(error));
  }
}

const MISSING_INDEX_ADVICE =
  "Add the missing indexes with those keys (UpdateTable, or deploy the CDK stack), or let " +
  "`posterguard aws init` create the table under a new TABLE_NAME";

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
    // A missing index is added (see ensureTable); one with other keys cannot be fixed in place.
    if (!found) continue;
    const keys = found.KeySchema?.map((k) => `${k.AttributeName}:${k.KeyType}`).join(",");
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
    const building = (table?.GlobalSecondaryIndexes ?? []).filter((i) => i.IndexStatus !== "ACTIVE");
    if (table?.TableStatus === "ACTIVE" && building.length === 0) return;
    if (Date.now() >= deadline) {
      const indexes = building.map((i) => `${i.IndexName} ${i.IndexStatus}`).join(", ");
      throw new Error(
        `table ${tableName} is not ACTIVE after ${Math.round(timeoutMs / 1000)} s` +
          (indexes ? ` (indexes still building from the existing items: ${indexes}; run again later)` : ""),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
