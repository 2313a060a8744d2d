import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";

/** The document client and the table every request of the job store goes to. */
export interface DynamoTable {
  doc: DynamoDBDocumentClient;
  name: string;
}

/**
 * The table through a document client that drops undefined attributes. Every adapter on the
 * table makes its client here: document clients made from one client share its middleware
 * stack, marshalling options included, so one made with other options changes them for all.
 */
export function openDynamoTable(client: DynamoDBClient, name: string): DynamoTable {
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return { doc, name };
}

/** Placeholders for attribute names and values, so no reserved word (status, result…) can bite. */
export class Expression {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, unknown> = {};
  private counter = 0;

  name(attribute: string): string {
    const placeholder = `#${attribute}`;
    this.names[placeholder] = attribute;
    return placeholder;
  }

  value(value: unknown): string {
    const placeholder = `:v${this.counter++}`;
    this.values[placeholder] = value;
    return placeholder;
  }

  /** `SET a = :v, …` for defined values and `REMOVE b, …` for undefined ones. */
  update(fields: Record<string, unknown>, extraSet: string[] = []): string {
    const set = [...extraSet];
    const remove: string[] = [];
    for (const [attribute, value] of Object.entries(fields)) {
      if (value === undefined) remove.push(this.name(attribute));
      else set.push(`${this.name(attribute)} = ${this.value(value)}`);
    }
    return [set.length ? `SET ${set.join(", ")}` : "", remove.length ? `REMOVE ${remove.join(", ")}` : ""]
      .filter(Boolean)
      .join(" ");
  }

  /** The parts of a command input; `values` is left out when empty, as DynamoDB demands. */
  attributes(): {
    ExpressionAttributeNames: Record<string, string>;
    ExpressionAttributeValues?: Record<string, unknown>;
  } {
    return Object.keys(this.values).length
      ? { ExpressionAttributeNames: this.names, ExpressionAttributeValues: this.values }
      : { ExpressionAttributeNames: this.names };
  }
}

export function isConditionFailed(error: unknown): boolean {
  return error instanceof Error && error.name === "ConditionalCheckFailedException";
}

/** True when a conditional write went through, false when its condition did not hold. */
export async function writeSucceeded(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

/** Every item of a query, following LastEvaluatedKey to the end. */
export async function queryAll(
  table: DynamoTable,
  input: Omit<QueryCommandInput, "TableName" | "ExclusiveStartKey">,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(
      new QueryCommand({ ...input, TableName: table.name, ExclusiveStartKey: startKey }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
