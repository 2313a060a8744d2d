import type { Server as HttpServer, IncomingMessage } from "node:http";
import type { Http2Server, Http2ServerRequest, Http2Session } from "node:http2";
import type { AddressInfo } from "node:net";
import sharp from "sharp";

/** Listens on 127.0.0.1 at a free port and answers with the server's base URL. */
export async function listenOnLoopback(server: HttpServer | Http2Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

export async function readBody(request: IncomingMessage | Http2ServerRequest): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Closes an HTTP/1.1 fake and every connection it holds. */
export function closeHttpServer(server: HttpServer): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}

/** Closes an HTTP/2 fake and every session it holds. */
export function closeHttp2Server(server: Http2Server, sessions: Set<Http2Session>): Promise<void> {
  for (const session of sessions) session.destroy();
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}

/** What the fake decoded from the image bytes the SDK sent. */
export interface ReceivedImage {
  format: string | undefined;
  width: number;
  height: number;
  bytes: number;
}

/** Decodes image bytes the way the service would; undefined when they are not an image. */
export async function decodeImage(bytes: Buffer): Promise<ReceivedImage | undefined> {
  try {
    const { format, width, height } = await sharp(bytes).metadata();
    return { format, width, height, bytes: bytes.length };
  } catch {
    return undefined;
  }
}

/** Replies queued by a test, the last one repeating once the others are used. */
export class ReplyScript<T> {
  private replies: T[] = [];
  constructor(private fallback: T) {}

  set(...replies: T[]): void {
    this.replies = replies;
  }

  next(): T {
    if (this.replies.length > 1) return this.replies.shift() as T;
    return this.replies[0] ?? this.fallback;
  }
}

/** Delays and timers a fake started, cleared when it closes. */
export class Timers {
  private readonly pending = new Set<NodeJS.Timeout>();

  after(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      run();
    }, ms);
    this.pending.add(timer);
  }

  clear(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }
}
