import type { IncomingMessage } from "node:http";
import { PosterRejectedError } from "../../domain/errors.js";

function tooLarge(maxBytes: number, url: URL, detail: string): PosterRejectedError {
  return new PosterRejectedError(
    "TOO_LARGE",
    `Image at ${url.href} is larger than the ${formatBytes(maxBytes)} limit (${detail})`,
  );
}

/**
 * Reads a response body into memory, refusing early on a Content-Length above the cap and
 * stopping mid-stream when the bytes actually received pass it (absent or lying header).
 */
export async function readCappedBody(response: IncomingMessage, maxBytes: number, url: URL): Promise<Buffer> {
  const declared = Number(response.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw tooLarge(maxBytes, url, `Content-Length ${declared}`);
  }
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > maxBytes) {
      response.destroy();
      throw tooLarge(maxBytes, url, `more than ${received} bytes sent`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, received);
}

const SMALL_BODY_BYTES = 64 * 1024;

/**
 * Consumes the body of a response we do not use (redirect, error) so its connection can go
 * back to the pool; a large or failing body just closes the connection instead.
 */
export async function discardBody(response: IncomingMessage): Promise<void> {
  if (response.complete) return;
  try {
    await readCappedBody(response, SMALL_BODY_BYTES, new URL("about:blank"));
  } catch {
    response.destroy();
  }
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
