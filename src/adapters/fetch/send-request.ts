import http, { type IncomingMessage, type OutgoingHttpHeaders } from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { PosterRejectedError } from "../../domain/errors.js";
import { bareHostname } from "./poster-url.js";

export interface HopContext {
  httpAgent: http.Agent;
  httpsAgent: https.Agent;
  lookup: LookupFunction;
  connectTimeoutMs: number;
  /** Aborted with the reason to report (e.g. the total timeout). */
  signal: AbortSignal;
}

/** Sends one GET and resolves with the response head; the body is left for the caller to read. */
export async function sendRequest(
  url: URL,
  headers: OutgoingHttpHeaders,
  ctx: HopContext,
): Promise<IncomingMessage> {
  try {
    return await sendOnce(url, headers, ctx);
  } catch (error) {
    // A pooled connection the server closed while idle fails at once; one fresh attempt is safe for a GET.
    if ((error as { reusedSocket?: boolean }).reusedSocket && !ctx.signal.aborted) {
      return sendOnce(url, headers, ctx);
    }
    throw error;
  }
}

function sendOnce(url: URL, headers: OutgoingHttpHeaders, ctx: HopContext): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const secure = url.protocol === "https:";
    const transport = secure ? https : http;
    const request = transport.request({
      protocol: url.protocol,
      hostname: bareHostname(url),
      port: url.port || (secure ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: "GET",
      headers,
      agent: secure ? ctx.httpsAgent : ctx.httpAgent,
      lookup: ctx.lookup,
      signal: ctx.signal,
    });

    request.once("socket", (socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(() => {
        request.destroy(
          new PosterRejectedError(
            "FETCH_TIMEOUT",
            `Could not connect to ${url.host} within ${ctx.connectTimeoutMs} ms`,
          ),
        );
      }, ctx.connectTimeoutMs);
      socket.once("connect", () => clearTimeout(timer));
      request.once("close", () => clearTimeout(timer));
    });

    request.once("response", resolve);
    request.once("error", (error) => {
      const code = (error as { code?: unknown }).code;
      if (request.reusedSocket && (code === "ECONNRESET" || code === "EPIPE")) {
        reject(Object.assign(error, { reusedSocket: true }));
      } else {
        reject(ctx.signal.aborted && !(error instanceof PosterRejectedError) ? ctx.signal.reason : error);
      }
    });
    request.end();
  });
}
