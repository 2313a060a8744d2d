import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type ImageFault = "hang" | "reset";

interface Route {
  body: Buffer;
  contentType: string;
}

/**
 * The soak's image host on 127.0.0.2 (allow-listed with FETCH_ALLOWED_CIDRS): fixed routes, and
 * one-shot faults armed on a path, so its next request hangs or has its connection reset.
 */
export class FaultImageServer {
  private readonly routes = new Map<string, Route>();
  private readonly armed = new Map<string, ImageFault>();
  private readonly everArmed = new Set<string>();
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;
  origin = "";
  /** Faults that a request actually met. */
  readonly met: Record<ImageFault, number> = { hang: 0, reset: 0 };

  constructor(private readonly host = "127.0.0.2") {}

  async start(): Promise<this> {
    this.server = createServer((request, response) => this.handle(request, response));
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, this.host, resolve));
    const { port } = this.server.address() as AddressInfo;
    this.origin = `http://${this.host}:${port}`;
    return this;
  }

  set(path: string, body: Buffer, contentType = "image/jpeg"): string {
    this.routes.set(path, { body, contentType });
    return `${this.origin}${path}`;
  }

  bodyOf(path: string): Buffer | undefined {
    return this.routes.get(path)?.body;
  }

  /** The next request for this path hangs (never answered) or is reset. */
  arm(path: string, fault: ImageFault): void {
    this.armed.set(path, fault);
    this.everArmed.add(path);
  }

  /** Whether a fault was ever armed on this path: a failed fetch of it is the soak's doing. */
  wasFaulted(path: string): boolean {
    return this.everArmed.has(path);
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    const fault = this.armed.get(path);
    if (fault) {
      this.armed.delete(path);
      this.met[fault] += 1;
      if (fault === "reset") request.socket.resetAndDestroy();
      return;
    }
    const route = this.routes.get(path);
    if (!route) {
      response.writeHead(404).end("not found");
      return;
    }
    response
      .writeHead(200, { "content-type": route.contentType, "content-length": String(route.body.length) })
      .end(route.body);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
