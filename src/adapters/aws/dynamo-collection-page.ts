import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { decodeIndexCursor, encodeIndexCursor, indexKeyOf } from "./dynamo-cursor.js";
import { type DynamoTable, Expression } from "./dynamo-requests.js";
import { COLLECTION_INDEX } from "./dynamo-table-design.js";

/**
 * One page of a `CollectionIndex` collection, newest first: up to `limit` index items, and a
 * cursor when more follow (one item past the page is read to know).
 */
export async function newestInCollection(
  table: DynamoTable,
  collection: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ items: Record<string, unknown>[]; nextCursor?: string }> {
  const limit = Math.trunc(page.limit);
  let startKey: Record<string, unknown> | undefined =
    page.cursor === undefined ? undefined : decodeIndexCursor(page.cursor, COLLECTION_INDEX, collection);
  if (!(limit >= 1)) return { items: [] };
  const found: Record<string, unknown>[] = [];
  const e = new Expression();
  do {
    const answer = await table.doc.send(
      new QueryCommand({
        TableName: table.name,
        IndexName: COLLECTION_INDEX.indexName,
        KeyConditionExpression: `${e.name("collection")} = ${e.value(collection)}`,
        ...e.attributes(),
        ScanIndexForward: false,
        Limit: limit + 1 - found.length,
        ExclusiveStartKey: startKey,
      }),
    );
    found.push(...(answer.Items ?? []));
    startKey = answer.LastEvaluatedKey;
  } while (found.length <= limit && startKey);
  const items = found.slice(0, limit);
  const last = items.at(-1);
  return found.length > limit && last
    ? { items, nextCursor: encodeIndexCursor(COLLECTION_INDEX, indexKeyOf(COLLECTION_INDEX, last)) }
    : { items };
}
