import type { Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";

/** An in-process dynalite (DynamoDB on an in-memory LevelDB) on a random loopback port. */
export interface Dynalite {
  readonly endpoint: string;
  readonly region: string;
  /** A new DynamoDB client pointed at dynalite; stop() destroys any still open. */
  client(): DynamoDBClient;
  stop(): Promise<void>;
}

interface DynaliteOptions {
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}

// dynalite ships no type declarations; this is the one function it exports.
const dynalite = createRequire(import.meta.url)("dynalite") as (options: DynaliteOptions) => Server;

const region = "us-east-1";
const credentials = { accessKeyId: "test", secretAccessKey: "test" };

export async function startDynalite(): Promise<Dynalite> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const clients: DynamoDBClient[] = [];
  return {
    endpoint,
    region,
    client() {
      const client = new DynamoDBClient({ endpoint, region, credentials });
      clients.push(client);
      return client;
    },
    async stop() {
      for (const client of clients) client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
