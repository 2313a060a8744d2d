/** The metadata a job carries: nested at most this deep… */
export const MAX_METADATA_DEPTH = 8;
/** …and at most this many bytes as JSON (the job record is stored whole, DynamoDB items are 400 KB). */
export const MAX_METADATA_BYTES = 16 * 1024;

export class InvalidMetadataError extends Error {
  override readonly name = "InvalidMetadataError";
  readonly code = "INVALID_METADATA";
}

/**
 * Refuses metadata too deep or too large to store, before anything is fetched or written:
 * 5,000 nested levels fit in a 64 KiB body and used to fail only at `JSON.stringify`, after the
 * poster was stored. The depth is measured without recursion, so no input can overflow the stack.
 */
export function assertStorableMetadata(metadata: Record<string, unknown> | undefined): void {
  if (metadata === undefined) return;
  const pending: { value: unknown; depth: number }[] = [{ value: metadata, depth: 1 }];
  while (pending.length > 0) {
    const { value, depth } = pending.pop() as { value: unknown; depth: number };
    if (typeof value !== "object" || value === null) continue;
    if (depth > MAX_METADATA_DEPTH) {
      throw new InvalidMetadataError(`metadata is nested more than ${MAX_METADATA_DEPTH} levels deep`);
    }
    for (const child of Object.values(value)) pending.push({ value: child, depth: depth + 1 });
  }
  const bytes = Buffer.byteLength(JSON.stringify(metadata));
  if (bytes > MAX_METADATA_BYTES) {
    throw new InvalidMetadataError(
      `metadata is ${bytes} bytes as JSON, more than the ${MAX_METADATA_BYTES} allowed`,
    );
  }
}
