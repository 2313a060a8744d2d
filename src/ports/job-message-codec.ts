import type { JobMessage } from "./job-queue.js";

/** Exactly the four fields of the message body, whatever else the object carries. */
export function serializeJobMessage(body: JobMessage): string {
  const { jobId, s3Bucket, s3Key, posterHash } = body;
  return JSON.stringify({ jobId, s3Bucket, s3Key, posterHash });
}

/**
 * A queue body read back: undefined unless it is JSON with the four fields as non-empty
 * strings. Every queue and worker reads bodies through this, so one corrupt row is set aside
 * the same way everywhere instead of throwing where it was received.
 */
export function parseJobMessage(text: string | undefined): JobMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text ?? "");
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const { jobId, s3Bucket, s3Key, posterHash } = value as Record<string, unknown>;
  const fields = [jobId, s3Bucket, s3Key, posterHash];
  if (!fields.every((field) => typeof field === "string" && field.length > 0)) return undefined;
  return { jobId, s3Bucket, s3Key, posterHash } as JobMessage;
}
