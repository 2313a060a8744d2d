/** A page answered with an HTTP error status. */
export class PageStatusError extends Error {
  override readonly name = "PageStatusError";
  constructor(
    readonly url: string,
    readonly status: number,
  ) {
    super(`the page answered HTTP ${status}`);
  }
}

/** Retrying helps with server errors, throttling, timeouts and dropped connections; not with a 404. */
export function isRetryablePageError(error: unknown): boolean {
  if (error instanceof PageStatusError)
    return error.status >= 500 || error.status === 429 || error.status === 408;
  if (isTimeout(error)) return true;
  const message = error instanceof Error ? error.message : String(error);
  return /net::ERR_(CONNECTION|EMPTY_RESPONSE|TIMED_OUT|NETWORK|INTERNET|ADDRESS_UNREACHABLE|HTTP2|SOCKET|ABORTED)/.test(
    message,
  );
}

/** A code and a one-line reason for a page that could not be crawled. */
export function describePageError(error: unknown): { code: string; reason: string } {
  if (error instanceof PageStatusError) return { code: `HTTP_${error.status}`, reason: error.message };
  if (isTimeout(error)) {
    return { code: "NAVIGATION_TIMEOUT", reason: firstLine(error.message) };
  }
  const message = error instanceof Error ? error.message : String(error);
  const net = /net::(ERR_[A-Z_]+)/.exec(message);
  if (net?.[1]) return { code: net[1], reason: firstLine(message) };
  return { code: "PAGE_ERROR", reason: firstLine(message) };
}

function firstLine(message: string): string {
  return (message.split("\n")[0] ?? message).slice(0, 500);
}

/** playwright-core's TimeoutError, told by its name so this module does not load playwright-core. */
function isTimeout(error: unknown): error is Error {
  return error instanceof Error && error.name === "TimeoutError";
}
