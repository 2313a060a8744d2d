import { createHash } from "node:crypto";
import type { ImageFormat } from "../../../src/domain/poster-key.js";
import type { PosterImage } from "../../../src/ports/detector.js";
import { poster } from "./poster-images.js";

/** Dummy keys: the SDK signs with them, the fake only checks that a signature is there. */
export const TEST_CREDENTIALS = { accessKeyId: "AKIDPOSTERGUARDTEST", secretAccessKey: "not-a-secret" };

/** Short waits so a throttled test retries in milliseconds. */
export const FAST_BACKOFF = { baseDelayMs: 5, maxDelayMs: 20 };

export async function posterImage(
  width: number,
  height: number,
  format: ImageFormat = "jpeg",
): Promise<PosterImage> {
  if (format === "avif" || format === "bmp") throw new Error(`no ${format} posters in these tests`);
  const bytes = await poster(width, height, format);
  return { bytes, format, posterHash: createHash("sha256").update(bytes).digest("hex") };
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error("expected a rejection, but the promise resolved");
}
