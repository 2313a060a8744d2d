/**
 * NearDuplicateIndex in the job table (design: dynamo-table-design.ts): multi-index hashing as
 * items. A poster's PDQ hash is cut into 16 chunks of 16 bits (PdqMultiIndex), and the poster is
 * listed once under each chunk value, 16 items written in one BatchWriteItem:
 *
 * | item                        | jobId (table key)                      | collection (CollectionIndex) | payload  |
 * |-----------------------------|----------------------------------------|------------------------------|----------|
 * | poster under chunk c, value | PDQ#<c>#<4 hex digits>#<posterHash>    | PDQ#<c>#<4 hex digits>       | PDQ hash |
 *
 * findWithin(pdq, d) queries CollectionIndex for the partitions of the query's chunks and of every
 * value within probeRadius(d) bits of them (the chunk distances add up to d, so a hash within d
 * bits shares at least one chunk within ⌊d/16⌋ bits): 16 × 17 = 272 small Queries at d = 31, 16
 * at a time, each returning about n/65,536 items (15 at a million posters: one read unit). The
 * payload carries the whole hash, so every candidate is verified by its full Hamming distance
 * with no second read. At a million posters a search costs about 272 × 0.5 read units, and adding
 * a poster 16 write units; the items are about 200 bytes (16 × 200 B = 3.2 KB a poster).
 *
 * The items carry no `posterHash`, `status`, `createdAt` or `platform`, so no job index sees them.
 * CollectionIndex is eventually consistent: a poster added a moment ago may be missed by a search
 * (the next search finds it), which is acceptable for grouping near-duplicates.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { PDQ_MATCH_DISTANCE, type PdqHex, pdqWords, wordsDistance } from "../../domain/pdq-hash.js";
import {
  chunkOf,
  PDQ_CHUNKS,
  type PdqMatch,
  PdqMultiIndex,
  probeMasks,
  probeRadius,
} from "../../domain/pdq-multi-index.js";
import type { NearDuplicateIndex } from "../../ports/near-duplicate-index.js";
import { batchWriteItems } from "./dynamo-batch.js";
import { type DynamoTable, Expression, openDynamoTable, queryAll } from "./dynamo-requests.js";
import { COLLECTION_INDEX } from "./dynamo-table-design.js";

/** Queries in flight at once for one search. */
const QUERY_CONCURRENCY = 16;
/** Wider searches would query thousands of partitions; ThreatExchange matches at 31. */
export const MAX_DYNAMO_DISTANCE = 47;

const chunkPartition = (chunk: number, value: number) =>
  `PDQ#${chunk}#${value.toString(16).padStart(4, "0")}`;

export interface DynamoNearDuplicateIndexOptions {
  /** The caller's client (usually the job store's, which destroys it): this index never does. */
  client: DynamoDBClient;
  tableName: string;
}

export class DynamoNearDuplicateIndex implements NearDuplicateIndex {
  private readonly table: DynamoTable;

  constructor(options: DynamoNearDuplicateIndexOptions) {
    this.table = openDynamoTable(options.client, options.tableName);
  }

  async add(posterHash: string, pdq: PdqHex): Promise<void> {
    const words = pdqWords(pdq);
    const puts = Array.from({ length: PDQ_CHUNKS }, (_, c) => {
      const collection = chunkPartition(c, chunkOf(words, 0, c));
      return { put: { jobId: `${collection}#${posterHash}`, itemType: "PDQ", collection, payload: pdq } };
    });
    // Unconditional puts of the same items: adding a poster again rewrites them unchanged.
    await batchWriteItems(this.table, puts);
  }

  async findWithin(pdq: PdqHex, distance = PDQ_MATCH_DISTANCE): Promise<PdqMatch[]> {
    if (distance > MAX_DYNAMO_DISTANCE) {
      throw new RangeError(`near-duplicate searches reach at most ${MAX_DYNAMO_DISTANCE} bits on DynamoDB`);
    }
    const query = pdqWords(pdq);
    const masks = probeMasks(probeRadius(distance));
    const partitions: string[] = [];
    for (let c = 0; c < PDQ_CHUNKS; c++) {
      const value = chunkOf(query, 0, c);
      for (const mask of masks) partitions.push(chunkPartition(c, value ^ mask));
    }
    const found = new Map<string, PdqMatch>();
    await forEachLimited(partitions, QUERY_CONCURRENCY, async (partition) => {
      for (const item of await this.listPartition(partition)) {
        const posterHash = String(item.jobId).slice(partition.length + 1);
        if (found.has(posterHash)) continue;
        const d = wordsDistance(pdqWords(String(item.payload)), 0, query, 0);
        if (d <= distance) found.set(posterHash, { posterHash, distance: d });
      }
    });
    return PdqMultiIndex.sortByDistance([...found.values()]);
  }

  private listPartition(partition: string) {
    const e = new Expression();
    return queryAll(this.table, {
      IndexName: COLLECTION_INDEX.indexName,
      KeyConditionExpression: `${e.name("collection")} = ${e.value(partition)}`,
      ProjectionExpression: `${e.name("jobId")}, ${e.name("payload")}`,
      ...e.attributes(),
    });
  }
}

async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
