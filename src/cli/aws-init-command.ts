import { createAwsAdapters } from "../adapters/aws/create-aws-adapters.js";
import { ensureQueuesAndBucket } from "../adapters/aws/ensure-queues-and-bucket.js";
import { ensureTable } from "../adapters/aws/ensure-table.js";
import type { Config } from "../config.js";
import { createLogger } from "../observability/logger.js";

/**
 * `posterguard aws init`: creates whatever is missing of the table, the queues and the bucket,
 * with the CDK app's settings, for self-hosting on AWS services (and the emulators).
 */
export async function awsInitCommand(config: Config, options: { format: "table" | "json" }): Promise<number> {
  const aws = createAwsAdapters(config, createLogger("silent"));
  try {
    const table = await ensureTable(aws.clients.dynamo, config.TABLE_NAME);
    const ensured = await ensureQueuesAndBucket(
      { sqs: aws.clients.sqs, s3: aws.clients.s3 },
      {
        ...aws.names,
        bucketName: config.BUCKET_NAME,
        workerTimeoutSeconds: config.VISIBILITY_TIMEOUT_SECONDS / 6,
      },
    );
    const changes = [
      ...(table === "created" ? [`created table ${config.TABLE_NAME}`] : []),
      ...(table === "updated" ? [`added missing indexes to table ${config.TABLE_NAME}`] : []),
      ...ensured.changes,
    ];
    const summary = {
      table: config.TABLE_NAME,
      bucket: ensured.bucket,
      queueUrl: ensured.queueUrl,
      deadLetterQueueUrl: ensured.deadLetterQueueUrl,
      maxReceiveCount: ensured.maxReceiveCount,
      changes,
    };
    if (options.format === "json") process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else {
      process.stdout.write(changes.length > 0 ? `${changes.join("\n")}\n` : "Everything already existed.\n");
      process.stdout.write(
        `table ${summary.table}\nbucket ${summary.bucket}\nqueue ${summary.queueUrl}\n` +
          `dead-letter queue ${summary.deadLetterQueueUrl} (after ${summary.maxReceiveCount} receives)\n`,
      );
    }
    return 0;
  } finally {
    aws.close();
    await aws.jobs.close();
  }
}
