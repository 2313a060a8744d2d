import type { IncomingMessage } from "node:http";
import net from "node:net";
import type { Duplex } from "node:stream";
import { endToEnd } from "./forward-request.js";
import { checkLiteralHost } from "./network-fence.js";
import { isBlocked, type ProxyHop, parseUrl, REFUSED_BODY } from "./proxy-hop.js";

function refuseSocket(client: Duplex, status: 400 | 403 | 502, text: string, body = ""): void {
  client.end(`HTTP/1.1 ${status} ${text}\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n${body}`);
}

/**
 * Connects to host:port when the fence allows it (literal addresses checked here, names by the
 * fence's lookup on the address connected to), then hands the open socket to `connected`.
 */
function connectUpstream(
  hop: ProxyHop,
  client: Duplex,
  target: { host: string; port: number; shown: string },
  connected: (upstream: net.Socket) => void,
): void {
  const literalRefusal = checkLiteralHost(hop.fence, target.host);
  if (literalRefusal) {
    hop.refuse(target.shown, literalRefusal);
    refuseSocket(client, 403, "Forbidden", REFUSED_BODY);
    return;
  }
  const host = target.host.startsWith("[") ? target.host.slice(1, -1) : target.host;
  const upstream = net.connect({ host, port: target.port, lookup: hop.fence.lookup });
  hop.track(upstream);
  const timer = setTimeout(() => upstream.destroy(new Error("connect timeout")), hop.connectTimeoutMs);
  let open = false;
  upstream.once("connect", () => {
    clearTimeout(timer);
    open = true;
    connected(upstream);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  upstream.on("error", (error) => {
    clearTimeout(timer);
    if (open) {
      client.destroy();
    } else if (isBlocked(error)) {
      hop.refuse(target.shown, error);
      refuseSocket(client, 403, "Forbidden", REFUSED_BODY);
    } else {
      refuseSocket(client, 502, "Bad Gateway");
    }
  });
  // A normal end travels through the pipes; the browser going away ends the upstream side.
  client.once("close", () => upstream.destroy());
}

/** `CONNECT host:port` (https, wss): a byte tunnel once the address is allowed. */
export function openTunnel(hop: ProxyHop, request: IncomingMessage, client: Duplex, head: Buffer): void {
  client.on("error", () => client.destroy());
  const authority = request.url ?? "";
  const target = parseUrl(`http://${authority}`);
  if (!target?.hostname || target.username || target.pathname !== "/") {
    refuseSocket(client, 400, "Bad Request");
    return;
  }
  const port = Number(target.port || 443);
  connectUpstream(hop, client, { host: target.hostname, port, shown: authority }, (upstream) => {
    client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
    if (head.length > 0) upstream.write(head);
  });
}

/** A plain-HTTP upgrade (`GET http://host/ws`, Upgrade: websocket): the request goes on as is. */
export function forwardUpgrade(hop: ProxyHop, request: IncomingMessage, client: Duplex, head: Buffer): void {
  client.on("error", () => client.destroy());
  const target = parseUrl(request.url ?? "");
  if (target?.protocol !== "http:") {
    refuseSocket(client, 400, "Bad Request");
    return;
  }
  const port = Number(target.port || 80);
  connectUpstream(hop, client, { host: target.hostname, port, shown: target.href }, (upstream) => {
    const headers = { ...endToEnd(request.headers), connection: "Upgrade", upgrade: request.headers.upgrade };
    const lines = Object.entries(headers).flatMap(([name, value]) =>
      value === undefined ? [] : (Array.isArray(value) ? value : [value]).map((v) => `${name}: ${v}`),
    );
    upstream.write(
      `${request.method} ${target.pathname}${target.search} HTTP/1.1\r\n${lines.join("\r\n")}\r\n\r\n`,
    );
    if (head.length > 0) upstream.write(head);
  });
}
