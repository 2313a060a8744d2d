import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Route {
  body?: Buffer;
  contentType?: string;
  status?: number;
  /** Send ETag / Last-Modified and answer conditional requests with 304. */
  validators?: boolean;
  redirectTo?: string;
  /** Accept the request and never answer. */
  hang?: boolean;
}

/** A loopback image server whose routes a test sets; it counts requests and bytes sent. */
export class ImageServer {
  readonly routes = new Map<string, Route>();
  readonly hits = new Map<string, number>();
  bytesSent = 0;
  readonly bytesByPath = new Map<string, number>();
  private server: Server | undefined;
  private readonly hanging = new Set<ServerResponse>();
  origin = "";

  constructor(private readonly host = "127.0.0.2") {}

  async start(): Promise<this> {
    this.server = createServer((request, response) => this.handle(request, response));
    await new Promise<void>((resolve) => this.server?.listen(0, this.host, resolve));
    const { port } = this.server.address() as AddressInfo;
    this.origin = `http://${this.host}:${port}`;
    return this;
  }

  url(path: string): string {
    return `${this.origin}${path}`;
  }

  set(path: string, route: Route): string {
    this.routes.set(path, route);
    return this.url(path);
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    this.hits.set(path, (this.hits.get(path) ?? 0) + 1);
    const route = this.routes.get(path);
    if (!route) {
      response.writeHead(404).end("not found");
      return;
    }
    if (route.hang) {
      this.hanging.add(response);
      return;
    }
    if (route.redirectTo) {
      response.writeHead(302, { location: route.redirectTo }).end();
      return;
    }
    const body = route.body ?? Buffer.alloc(0);
    const headers: Record<string, string> = { "content-type": route.contentType ?? "image/jpeg" };
    if (route.validators) {
      const etag = `"${createHash("sha1").update(body).digest("hex")}"`;
      headers.etag = etag;
      headers["last-modified"] = new Date(0).toUTCString();
      if (request.headers["if-none-match"] === etag) {
        response.writeHead(304, headers).end();
        return;
      }
    }
    this.bytesSent += body.length;
    this.bytesByPath.set(path, (this.bytesByPath.get(path) ?? 0) + body.length);
    response.writeHead(route.status ?? 200, { ...headers, "content-length": String(body.length) }).end(body);
  }

  async stop(): Promise<void> {
    for (const response of this.hanging) response.socket?.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
