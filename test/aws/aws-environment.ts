import { startDynalite } from "../support/dynalite.js";
import { startFauxqs } from "../support/fauxqs.js";

/** dynalite and fauxqs on loopback, and the environment that points the AWS SDK at them. */
export async function startAwsEmulators() {
  const dynalite = await startDynalite();
  const fauxqs = await startFauxqs();
  const env: Record<string, string> = {
    BACKEND: "aws",
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
    AWS_ENDPOINT_URL_SQS: fauxqs.endpoint,
    AWS_ENDPOINT_URL_S3: fauxqs.endpoint,
    TABLE_NAME: "pg-jobs",
    BUCKET_NAME: "pg-posters",
    QUEUE_NAME: "pg-jobs",
    DLQ_NAME: "pg-jobs-dlq",
  };
  return {
    env,
    async stop() {
      await fauxqs.stop();
      await dynalite.stop();
    },
  };
}

/** `posterguard aws init` in this process: creates the table, queues and bucket, prints nothing. */
export async function createAwsResources(env: Record<string, string>): Promise<void> {
  const { awsInitCommand } = await import("../../src/cli/aws-init-command.js");
  const { loadConfig } = await import("../../src/config.js");
  const write = process.stdout.write;
  process.stdout.write = () => true;
  try {
    await awsInitCommand(loadConfig(env), { format: "json" });
  } finally {
    process.stdout.write = write;
  }
}
