import { createServer } from "node:net";
import { type Child, startChild } from "./child-process.js";

/** A free loopback port, so a restarted server comes back where the clients look for it. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface FleetOptions {
  nodeArgs: string[];
  env: Record<string, string>;
  workers: number;
  workerConcurrency: number;
}

/**
 * One `posterguard serve` (API only, WORKER_CONCURRENCY=0) and N `posterguard worker`
 * processes; any of them can be SIGKILLed and started again.
 */
export class Fleet {
  readonly url: string;
  private server: Child | undefined;
  private readonly workers: (Child | undefined)[];
  /** Processes that died without the harness killing them. */
  readonly unexpectedExits: string[] = [];

  constructor(
    private readonly options: FleetOptions,
    private readonly port: number,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    this.workers = Array.from({ length: options.workers }, () => undefined);
  }

  async start(): Promise<void> {
    await this.startServer();
    await Promise.all(this.workers.map((_, i) => this.startWorker(i)));
  }

  async startServer(): Promise<void> {
    const child = startChild([...this.options.nodeArgs, "serve"], {
      ...this.options.env,
      PORT: String(this.port),
      HOST: "127.0.0.1",
      WORKER_CONCURRENCY: "0",
    });
    this.watch(child, "server");
    this.server = child;
    await child.waitForLine((line) => line.includes("listening on"), 90_000);
  }

  async startWorker(index: number): Promise<void> {
    const child = startChild([...this.options.nodeArgs, "worker"], {
      ...this.options.env,
      WORKER_CONCURRENCY: String(this.options.workerConcurrency),
    });
    this.watch(child, `worker ${index}`);
    this.workers[index] = child;
    await child.waitForLine((line) => line.includes("worker running"), 90_000);
  }

  async killServer(): Promise<void> {
    await this.server?.kill();
    await this.startServer();
  }

  async killWorker(index: number, downMs: number): Promise<void> {
    await this.workers[index]?.kill();
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.startWorker(index);
  }

  /** The server's last log lines, to explain a 5xx. */
  serverLog(): string[] {
    return [...(this.server?.tail ?? [])];
  }

  get workerCount(): number {
    return this.workers.length;
  }

  private watch(child: Child, name: string): void {
    child.exited.then((code) => {
      if (!child.doomed)
        this.unexpectedExits.push(`${name} exited with ${code}: ${child.tail.slice(-8).join(" | ")}`);
    });
  }

  /** Stops everything: SIGTERM, SIGKILL after a short grace. */
  async stop(): Promise<void> {
    const all = [this.server, ...this.workers].filter((c): c is Child => c !== undefined);
    await Promise.all(all.map((c) => c.stop(3000)));
  }
}
