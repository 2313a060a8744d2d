import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import { checkLiteralHost } from "./network-fence.js";
import { isBlocked, type ProxyHop, parseUrl, REFUSED_BODY } from "./proxy-hop.js";

/** Headers about one connection, not the request: a proxy does not pass them on. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authorization",
  "proxy-authenticate",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

export function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

function answer(response: ServerResponse, status: number, body: string): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(status, { "content-type": "text/plain; charset=utf-8", connection: "close" }).end(body);
}

/**
 * A plain-HTTP request in absolute form (`GET http://host/path`), sent on to its host when the
 * fence allows the address it connects to. Each request has its own upstream connection (the
 * browser's https traffic, most of a crawl, goes through tunnels, which it keeps open itself).
 */
export function forwardRequest(hop: ProxyHop, request: IncomingMessage, response: ServerResponse): void {
  const target = parseUrl(request.url ?? "");
  if (target?.protocol !== "http:") {
    answer(response, 400, "this proxy forwards absolute-form http:// requests; https goes through CONNECT\n");
    return;
  }
  const literalRefusal = checkLiteralHost(hop.fence, target.hostname);
  if (literalRefusal) {
    hop.refuse(target.href, literalRefusal);
    answer(response, 403, REFUSED_BODY);
    return;
  }
  const upstream = http.request({
    hostname: target.hostname.startsWith("[") ? target.hostname.slice(1, -1) : target.hostname,
    port: target.port || 80,
    method: request.method,
    path: `${target.pathname}${target.search}`,
    headers: endToEnd(request.headers),
    lookup: hop.fence.lookup,
    agent: false,
  });
  upstream.once("socket", (socket) => {
    hop.track(socket);
    if (!socket.connecting) return;
    const timer = setTimeout(() => upstream.destroy(new Error("connect timeout")), hop.connectTimeoutMs);
    socket.once("connect", () => clearTimeout(timer));
    socket.once("close", () => clearTimeout(timer));
  });
  upstream.once("response", (answered) => {
    response.writeHead(answered.statusCode ?? 502, answered.statusMessage, endToEnd(answered.headers));
    answered.pipe(response);
    answered.once("error", () => response.destroy());
  });
  upstream.once("error", (error) => {
    if (isBlocked(error)) {
      hop.refuse(target.href, error);
      answer(response, 403, REFUSED_BODY);
      return;
    }
    answer(response, 502, "the proxy could not reach this host\n");
  });
  response.once("close", () => {
    if (!response.writableFinished) upstream.destroy();
  });
  request.pipe(upstream);
}
