import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { Logger } from "pino";
import type { Config } from "../../config.js";
import { systemClock } from "../../ports/clock.js";
import { DynamoCrawlRunStore } from "./dynamo-crawl-run-store.js";
import { DynamoJobStore } from "./dynamo-job-store.js";
import { DynamoNearDuplicateIndex } from "./dynamo-near-duplicate-index.js";
import { DynamoReviewStore } from "./dynamo-review-store.js";
import { resolveQueues } from "./ensure-queues-and-bucket.js";
import { LazyJobQueue } from "./lazy-job-queue.js";
import { S3ObjectStore } from "./s3-object-store.js";
import { sequentialJobIntake } from "./sequential-job-intake.js";
import { SqsJobQueue } from "./sqs-job-queue.js";

/**
 * DynamoDB, S3 and SQS adapters from the configuration (jobs, review decisions, crawl runs and the
 * near-duplicate index share the one table). Endpoints come from the SDK's own
 * variables (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_DYNAMODB, …_SQS, …_S3); S3 is addressed
 * path-style whenever an S3 endpoint is set (emulators, MinIO).
 */
export function createAwsAdapters(config: Config, log: Logger) {
  const region = config.AWS_REGION ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1";
  const dynamo = new DynamoDBClient({ region, ...endpointFrom("DYNAMODB") });
  // Passed explicitly for SQS: the client otherwise sends to the host in the queue URL.
  const sqs = new SQSClient({ region, ...endpointFrom("SQS") });
  const s3Endpoint = endpointFrom("S3");
  const s3 = new S3Client({ region, ...s3Endpoint, forcePathStyle: s3Endpoint.endpoint !== undefined });
  const names = {
    ...(config.QUEUE_NAME ? { queueName: config.QUEUE_NAME } : {}),
    ...(config.DLQ_NAME ? { deadLetterQueueName: config.DLQ_NAME } : {}),
    ...(config.QUEUE_URL ? { queueUrl: config.QUEUE_URL } : {}),
    ...(config.DLQ_URL ? { deadLetterQueueUrl: config.DLQ_URL } : {}),
  };
  const queue = new LazyJobQueue(config.MAX_RECEIVE_COUNT, async () => {
    const resolved = await resolveQueues(sqs, names);
    if (resolved.maxReceiveCount !== config.MAX_RECEIVE_COUNT) {
      throw new Error(
        `the queue's redrive policy dead-letters after ${resolved.maxReceiveCount} receives but ` +
          `MAX_RECEIVE_COUNT is ${config.MAX_RECEIVE_COUNT}; make them agree`,
      );
    }
    return new SqsJobQueue({ client: sqs, ...resolved, log });
  });
  const jobs = new DynamoJobStore({ client: dynamo, tableName: config.TABLE_NAME });
  return {
    jobs,
    intake: sequentialJobIntake(jobs, queue, systemClock),
    objects: new S3ObjectStore({ client: s3, bucket: config.BUCKET_NAME }),
    queue,
    reviews: new DynamoReviewStore({ client: dynamo, tableName: config.TABLE_NAME }),
    crawlRuns: new DynamoCrawlRunStore({ client: dynamo, tableName: config.TABLE_NAME }),
    nearDuplicates: new DynamoNearDuplicateIndex({ client: dynamo, tableName: config.TABLE_NAME }),
    clients: { dynamo, sqs, s3 },
    names,
    close() {
      sqs.destroy();
      s3.destroy();
    },
  };
}

function endpointFrom(service: "DYNAMODB" | "SQS" | "S3"): { endpoint?: string } {
  const endpoint = process.env[`AWS_ENDPOINT_URL_${service}`] ?? process.env.AWS_ENDPOINT_URL;
  return endpoint ? { endpoint } : {};
}
