import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface LoopbackServer {
  /** `http://host:port` with no trailing slash. */
  origin: string;
  port: number;
  /** TCP connections accepted so far. */
  connections(): number;
  /** Requests received so far, with their headers. */
  requests: IncomingMessage[];
  close(): Promise<void>;
}

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** A real HTTP server on a loopback address that counts the connections it accepts. */
export async function startLoopbackServer(
  host: string,
  handler: Handler,
  options: { keepAliveTimeoutMs?: number } = {},
): Promise<LoopbackServer> {
  const server = http.createServer(
    { keepAliveTimeout: options.keepAliveTimeoutMs ?? 5_000 },
    (request, response) => {
      requests.push(request);
      handler(request, response);
    },
  );
  const requests: IncomingMessage[] = [];
  let connections = 0;
  server.on("connection", () => {
    connections++;
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    origin: `http://${shownHost}:${port}`,
    port,
    connections: () => connections,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
