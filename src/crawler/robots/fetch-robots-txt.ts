import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { BlockedAddressError } from "../../adapters/fetch/guarded-lookup.js";
import { discardBody } from "../../adapters/fetch/read-capped-body.js";
import { type HopContext, sendRequest } from "../../adapters/fetch/send-request.js";
import { checkLiteralHost, type NetworkFence } from "../fence/network-fence.js";

export interface RobotsFetchOptions {
  fence: NetworkFence;
  userAgent: string;
  timeoutMs: number;
  /** RFC 9309 asks crawlers to follow at least five. */
  maxRedirects?: number;
  /** RFC 9309 asks crawlers to parse at least 500 KiB; the rest is not read. */
  maxBytes?: number;
}

export type RobotsAnswer =
  | { kind: "file"; status: number; body: string }
  | { kind: "status"; status: number }
  | { kind: "tooManyRedirects"; lastUrl: string }
  /** `redirect` when the origin answered but sent the fetch to a closed address. */
  | { kind: "refused"; url: string; error: BlockedAddressError; redirect: boolean };

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

class RobotsTimeoutError extends Error {
  override readonly name = "RobotsTimeoutError";
}

/**
 * Fetches robots.txt the way posters are fetched: every hop's address checked by the fence
 * (the address connected to), a bounded number of redirects, a size cap while the body
 * streams, one timeout for the whole fetch. Network failures throw.
 */
export async function fetchRobotsTxt(url: string, options: RobotsFetchOptions): Promise<RobotsAnswer> {
  const maxRedirects = options.maxRedirects ?? 5;
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new RobotsTimeoutError(`no answer within ${options.timeoutMs} ms`)),
    options.timeoutMs,
  );
  const ctx: HopContext = {
    httpAgent: new http.Agent({ keepAlive: false }),
    httpsAgent: new https.Agent({ keepAlive: false }),
    lookup: options.fence.lookup,
    connectTimeoutMs: options.timeoutMs,
    signal: controller.signal,
  };
  const headers = { "user-agent": options.userAgent, accept: "text/plain", "accept-encoding": "identity" };
  let current = new URL(url);
  try {
    for (let hop = 0; ; hop++) {
      const refusal = checkLiteralHost(options.fence, current.hostname);
      if (refusal) return { kind: "refused", url: current.href, error: refusal, redirect: hop > 0 };
      let response: IncomingMessage;
      try {
        response = await sendRequest(current, headers, ctx);
      } catch (error) {
        if (error instanceof BlockedAddressError) {
          return { kind: "refused", url: current.href, error, redirect: hop > 0 };
        }
        throw error;
      }
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (REDIRECT_STATUSES.has(status) && location) {
        await discardBody(response);
        if (hop >= maxRedirects) return { kind: "tooManyRedirects", lastUrl: current.href };
        current = new URL(location, current);
        if (current.protocol !== "http:" && current.protocol !== "https:")
          return { kind: "status", status: 404 };
        continue;
      }
      if (status < 200 || status > 299) {
        await discardBody(response);
        return { kind: "status", status };
      }
      const body = await readPrefix(response, options.maxBytes ?? 500 * 1024);
      return { kind: "file", status, body: body.toString("utf8") };
    }
  } catch (error) {
    throw controller.signal.aborted ? controller.signal.reason : error;
  } finally {
    clearTimeout(timer);
    ctx.httpAgent.destroy();
    ctx.httpsAgent.destroy();
  }
}

/** The first `maxBytes` of a body; the connection is closed rather than the rest read. */
async function readPrefix(response: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    received += chunk.length;
    if (received >= maxBytes) {
      response.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, maxBytes);
}
