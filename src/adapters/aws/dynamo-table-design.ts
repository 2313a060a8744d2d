import type { CreateTableCommandInput, GlobalSecondaryIndex } from "@aws-sdk/client-dynamodb";

/**
 * The DynamoDB job table as plain data: DynamoJobStore relies on it, `posterguard aws init`
 * creates it from `createTableInput`, and the CDK app mirrors the same values.
 *
 * One table keyed by `jobId` alone. Jobs use their ULID; every other record lives under a
 * synthetic `jobId` with a prefix (HEAD#, SEEN#, OBS#, URL#, REQ#, PDQ#) and an `itemType`.
 * Only job items carry `posterHash`, `status`, `createdAt` and `platform`, so the three job
 * indexes never see another kind of item. `CollectionIndex` groups everything that must be
 * listed: all jobs (collection "JOB"), all poster heads ("HEAD"), and one poster's sightings
 * ("SEEN#<hash>") or observations ("OBS#<hash>"), and the posters sharing a PDQ chunk value
 * ("PDQ#<chunk>#<value>": the near-duplicate index, see dynamo-near-duplicate-index.ts).
 * `ChangeIndex` is the change feed: every write that changes a job moves it to the end.
 *
 * Job indexes project keys plus the attributes a filter needs; full jobs come from the base
 * table by BatchGetItem, so a job (with its result) is stored once and every index entry stays
 * under 1 KB (one write unit each, and cheap COUNT queries on StatusIndex).
 */

export type KeyType = "S" | "N";

export interface KeyDesign {
  name: string;
  type: KeyType;
}

export interface IndexDesign {
  indexName: string;
  partitionKey: KeyDesign;
  sortKey: KeyDesign;
  projection: { type: "INCLUDE"; nonKeyAttributes: readonly string[] } | { type: "KEYS_ONLY" };
}

export const DEFAULT_TABLE_NAME = "posterguard-jobs";

export const PARTITION_KEY: KeyDesign = { name: "jobId", type: "S" };

export const POSTER_HASH_INDEX: IndexDesign = {
  indexName: "PosterHashIndex",
  partitionKey: { name: "posterHash", type: "S" },
  sortKey: { name: "jobId", type: "S" },
  projection: { type: "INCLUDE", nonKeyAttributes: ["status", "platform"] },
};

export const STATUS_INDEX: IndexDesign = {
  indexName: "StatusIndex",
  partitionKey: { name: "status", type: "S" },
  sortKey: { name: "createdAt", type: "S" },
  projection: { type: "INCLUDE", nonKeyAttributes: ["platform"] },
};

export const PLATFORM_INDEX: IndexDesign = {
  indexName: "PlatformIndex",
  partitionKey: { name: "platform", type: "S" },
  sortKey: { name: "jobId", type: "S" },
  projection: { type: "INCLUDE", nonKeyAttributes: ["status"] },
};

/**
 * Collection "JOB" puts every job in one index partition: newest-first listing without a Scan,
 * at the price of a hot partition (about 1,000 job writes a second per index partition, far
 * above what a poster pipeline creates). Shard the collection if that ever binds.
 */
export const COLLECTION_INDEX: IndexDesign = {
  indexName: "CollectionIndex",
  partitionKey: { name: "collection", type: "S" },
  sortKey: { name: "jobId", type: "S" },
  projection: {
    type: "INCLUDE",
    nonKeyAttributes: ["payload", "headJobId", "headPosterHash", "firstSeenAt", "lastSeenAt", "timesSeen"],
  },
};

/**
 * The change feed that keeps each dashboard's poster index current whoever wrote the job
 * (API containers, the worker and crawler Lambdas). Every job write that changes what a job
 * shows sets `changeFeed` = "JOB" and `changedAt` = "<ISO instant>#<jobId>", so the index holds
 * each job once, at its latest change, in change order; readers query it after their watermark.
 * Keys only (about 100 bytes an entry): the jobs are read back by BatchGetItem.
 *
 * One index partition takes about 1,000 writes a second. A job costs five over its life (one
 * when created, then two each time it moves: the old entry out, the new one in, when started and
 * when completed), so about 200 jobs a second fit; past that, index throttling slows the table's
 * own writes. To shard, write
 * `changeFeed` = "JOB#<n>" with n = a hash of the jobId modulo N, query the N partitions from
 * their own watermarks (one watermark per shard, joined in the opaque string) and merge by
 * `changedAt`.
 */
export const CHANGE_INDEX: IndexDesign = {
  indexName: "ChangeIndex",
  partitionKey: { name: "changeFeed", type: "S" },
  sortKey: { name: "changedAt", type: "S" },
  projection: { type: "KEYS_ONLY" },
};

export const GLOBAL_SECONDARY_INDEXES: readonly IndexDesign[] = [
  POSTER_HASH_INDEX,
  STATUS_INDEX,
  PLATFORM_INDEX,
  COLLECTION_INDEX,
  CHANGE_INDEX,
];

export const BILLING_MODE = "PAY_PER_REQUEST" as const;

/** No item expires: idempotency records and verdicts are kept, as in the embedded store. */
export const TIME_TO_LIVE_ATTRIBUTE: string | undefined = undefined;

/** Every attribute a key schema names, with its type (CreateTable wants each exactly once). */
export function attributeDefinitions(): { name: string; type: KeyType }[] {
  const keys = [PARTITION_KEY, ...GLOBAL_SECONDARY_INDEXES.flatMap((i) => [i.partitionKey, i.sortKey])];
  const byName = new Map(keys.map((k) => [k.name, k]));
  return [...byName.values()];
}

export function createTableInput(tableName: string = DEFAULT_TABLE_NAME): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: BILLING_MODE,
    AttributeDefinitions: attributeDefinitions().map((a) => ({
      AttributeName: a.name,
      AttributeType: a.type,
    })),
    KeySchema: [{ AttributeName: PARTITION_KEY.name, KeyType: "HASH" }],
    GlobalSecondaryIndexes: GLOBAL_SECONDARY_INDEXES.map(globalSecondaryIndexInput),
  };
}

/** One index as CreateTable (and UpdateTable's Create) takes it. */
export function globalSecondaryIndexInput(index: IndexDesign): GlobalSecondaryIndex {
  return {
    IndexName: index.indexName,
    KeySchema: [
      { AttributeName: index.partitionKey.name, KeyType: "HASH" },
      { AttributeName: index.sortKey.name, KeyType: "RANGE" },
    ],
    Projection:
      index.projection.type === "INCLUDE"
        ? { ProjectionType: "INCLUDE", NonKeyAttributes: [...index.projection.nonKeyAttributes] }
        : { ProjectionType: index.projection.type },
  };
}
