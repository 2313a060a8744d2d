import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import { buildApp } from "fauxqs";

/** An in-process fauxqs (SQS and S3) on a random loopback port, with SDK clients pointed at it. */
export interface Fauxqs {
  readonly endpoint: string;
  readonly region: string;
  /** A new SQS client; whoever takes it destroys it (SqsJobQueue.close does). */
  sqsClient(): SQSClient;
  /** A new path-style S3 client; whoever takes it destroys it. */
  s3Client(): S3Client;
  stop(): Promise<void>;
}

const region = "us-east-1";
const credentials = { accessKeyId: "test", secretAccessKey: "test" };

/**
 * Built with fauxqs's `buildApp` rather than `startFauxqs`, which always listens on
 * 0.0.0.0: this one listens on 127.0.0.1 only.
 */
export async function startFauxqs(): Promise<Fauxqs> {
  const app = buildApp({ logger: false });
  const endpoint = await app.listen({ port: 0, host: "127.0.0.1" });
  const clients: { destroy(): void }[] = [];
  return {
    endpoint,
    region,
    sqsClient() {
      const client = new SQSClient({ endpoint, region, credentials });
      clients.push(client);
      return client;
    },
    s3Client() {
      const client = new S3Client({ endpoint, region, credentials, forcePathStyle: true });
      clients.push(client);
      return client;
    },
    async stop() {
      for (const client of clients) client.destroy();
      await app.close();
    },
  };
}
