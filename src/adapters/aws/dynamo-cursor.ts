import { InvalidCursorError } from "../../domain/cursor.js";
import type { IndexDesign } from "./dynamo-table-design.js";
import { PARTITION_KEY } from "./dynamo-table-design.js";

export type IndexKey = Record<string, string>;

/** base64url of `{ i: index name, k: ExclusiveStartKey }`: opaque to clients, checked when it returns. */
export function encodeIndexCursor(index: IndexDesign, key: IndexKey): string {
  return Buffer.from(JSON.stringify({ i: index.indexName, k: key })).toString("base64url");
}

/**
 * The start key in a cursor, accepted only when it was made for the same index and the same
 * partition value: a cursor from another filter is refused rather than silently mis-paged.
 */
export function decodeIndexCursor(cursor: string, index: IndexDesign, partitionValue: string): IndexKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new InvalidCursorError();
  }
  if (!isRecord(parsed) || parsed.i !== index.indexName || !isRecord(parsed.k))
    throw new InvalidCursorError();
  const key = parsed.k;
  const names = indexKeyNames(index);
  const keyNames = Object.keys(key);
  const complete = keyNames.length === names.length && names.every((n) => typeof key[n] === "string");
  if (!complete || key[index.partitionKey.name] !== partitionValue) throw new InvalidCursorError();
  return key as IndexKey;
}

/** The attributes of an index's LastEvaluatedKey: its own keys plus the table key. */
export function indexKeyNames(index: IndexDesign): string[] {
  return [...new Set([PARTITION_KEY.name, index.partitionKey.name, index.sortKey.name])];
}

export function indexKeyOf(index: IndexDesign, item: Record<string, unknown>): IndexKey {
  return Object.fromEntries(indexKeyNames(index).map((name) => [name, String(item[name])]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
