import { createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { type FenceRefusal, refusalOf } from "./fence-refusal.js";
import { forwardRequest } from "./forward-request.js";
import type { NetworkFence } from "./network-fence.js";
import { forwardUpgrade, openTunnel } from "./open-tunnel.js";
import type { ProxyHop } from "./proxy-hop.js";

export interface CrawlProxyOptions {
  /** Called for every request or tunnel the fence refuses. */
  onRefused(refusal: FenceRefusal): void;
  /** Time to resolve and connect to a host. */
  connectTimeoutMs?: number;
}

export interface CrawlProxy {
  /** Where the browser context sends everything: `http://127.0.0.1:<port>`. */
  readonly server: string;
  /** Stops listening and cuts every connection and tunnel still open. */
  close(): Promise<void>;
}

/**
 * One crawl run's forward proxy on loopback: the browser's only way out. Plain-HTTP requests,
 * CONNECT tunnels (https, wss) and upgrades go on only to addresses the fence allows, checked on
 * the address actually connected to; everything else is answered 403 and reported.
 */
export async function startCrawlProxy(fence: NetworkFence, options: CrawlProxyOptions): Promise<CrawlProxy> {
  const sockets = new Set<Socket>();
  const hop: ProxyHop = {
    fence,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    refuse: (target, error) => options.onRefused(refusalOf(target, error)),
    track(socket) {
      sockets.add(socket);
      socket.once("close", () => sockets.delete(socket));
    },
  };
  const server = createServer((request, response) => forwardRequest(hop, request, response));
  server.on("connect", (request, client, head) => openTunnel(hop, request, client, head));
  server.on("upgrade", (request, client, head) => forwardUpgrade(hop, request, client, head));
  server.on("connection", (socket: Socket) => hop.track(socket));
  server.on("clientError", (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    server: `http://127.0.0.1:${port}`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
