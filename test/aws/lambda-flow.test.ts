import { createHash } from "node:crypto";
import { ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { APIGatewayProxyEventV2, Context, SQSEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Services } from "../../src/compose.js";
import { posterKey } from "../../src/domain/poster-key.js";
import { ImageServer } from "../support/image-server.js";
import { makePoster } from "../support/posters.js";
import { testEnv } from "../support/start-app.js";
import { createAwsResources, startAwsEmulators } from "./aws-environment.js";

const context = {
  functionName: "test",
  awsRequestId: "req",
  getRemainingTimeInMillis: () => 30_000,
} as Context;

const TOKEN = "pgk_lambda-flow-test-token-0000000000000000";

function apiEvent(method: string, path: string, body?: unknown): APIGatewayProxyEventV2 {
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: "",
    headers: { "content-type": "application/json", host: "api.example", authorization: `Bearer ${TOKEN}` },
    requestContext: {
      accountId: "1",
      apiId: "api",
      domainName: "api.example",
      domainPrefix: "api",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "test" },
      requestId: "r",
      routeKey: "$default",
      stage: "$default",
      time: "",
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
}

describe("the Lambda handlers on the AWS emulators", () => {
  let emulators: Awaited<ReturnType<typeof startAwsEmulators>>;
  let images: ImageServer;
  let sqs: SQSClient;
  let services: Services;
  let creator: typeof import("../../src/lambda/job-creator-handler.js");
  let worker: typeof import("../../src/lambda/worker-handler.js");
  let queueUrl: string;

  beforeAll(async () => {
    emulators = await startAwsEmulators();
    images = await new ImageServer().start();
    const env = {
      ...testEnv("/tmp/unused"),
      ...emulators.env,
      VISIBILITY_TIMEOUT_SECONDS: "1",
      RETRY_BASE_SECONDS: "0",
      API_KEYS: `crawler:admin:${TOKEN}`,
    };
    Object.assign(process.env, env);
    await createAwsResources(env);
    creator = await import("../../src/lambda/job-creator-handler.js");
    worker = await import("../../src/lambda/worker-handler.js");
    services = (await import("../../src/lambda/lambda-services.js")).lambdaServices();
    sqs = new SQSClient({ endpoint: emulators.env.AWS_ENDPOINT_URL_SQS });
    queueUrl = `${emulators.env.AWS_ENDPOINT_URL_SQS}/000000000000/pg-jobs`;
    const { resolveQueues } = await import("../../src/adapters/aws/ensure-queues-and-bucket.js");
    queueUrl = (await resolveQueues(sqs, { queueName: "pg-jobs", deadLetterQueueName: "pg-jobs-dlq" }))
      .queueUrl;
  });
  afterAll(async () => {
    await services?.close();
    sqs?.destroy();
    await images.stop();
    await emulators.stop();
  });

  async function receiveEvent(): Promise<SQSEvent> {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 2,
        VisibilityTimeout: 1,
        MessageSystemAttributeNames: ["ApproximateReceiveCount", "SentTimestamp"],
      }),
    );
    return {
      Records: Messages.map((m) => ({
        messageId: m.MessageId ?? "",
        receiptHandle: m.ReceiptHandle ?? "",
        body: m.Body ?? "",
        attributes: {
          ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? "1",
          SentTimestamp: m.Attributes?.SentTimestamp ?? "0",
          SenderId: "x",
          ApproximateFirstReceiveTimestamp: "0",
        },
        messageAttributes: {},
        md5OfBody: m.MD5OfBody ?? "",
        eventSource: "aws:sqs",
        eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:pg-jobs",
        awsRegion: "us-east-1",
      })),
    };
  }

  async function post(body: unknown) {
    const response = await creator.handler(apiEvent("POST", "/jobs", body), context);
    return { statusCode: response.statusCode, body: JSON.parse(response.body) };
  }

  it("creates a job (DynamoDB record, S3 object, SQS message), processes it, then answers from the cache", async () => {
    const poster = await makePoster(71);
    const created = await post({
      platform: "streamflix",
      posterUrl: images.set("/aws/a.jpg", { body: poster }),
    });
    expect(created.statusCode).toBe(202);
    const job = await services.jobs.getJob(created.body.jobId);
    expect(job).toMatchObject({ status: "PENDING", storage: { bucket: "pg-posters" } });
    expect((await services.objects.get(String(job?.storage.key)))?.equals(poster)).toBe(true);

    const event = await receiveEvent();
    expect(event.Records).toHaveLength(1);
    expect(JSON.parse(event.Records[0]?.body ?? "{}")).toEqual({
      jobId: created.body.jobId,
      s3Bucket: "pg-posters",
      s3Key: job?.storage.key,
      posterHash: job?.posterHash,
    });
    expect(await worker.handler(event, context)).toEqual({ batchItemFailures: [] });
    const done = await services.jobs.getJob(created.body.jobId);
    expect(done).toMatchObject({ status: "COMPLETED", result: { isCompliant: true } });

    const cached = await post({
      platform: "otherflix",
      posterUrl: images.set("/aws/same.jpg", { body: poster }),
    });
    expect(cached).toMatchObject({ statusCode: 200, body: { jobId: created.body.jobId, cached: true } });
    const read = await creator.handler(apiEvent("GET", `/jobs/${created.body.jobId}`), context);
    expect(JSON.parse(read.body).status).toBe("COMPLETED");
  });

  it("makes one job for 50 concurrent creations of one poster", async () => {
    const url = images.set("/aws/race.jpg", { body: await makePoster(72) });
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => post({ platform: "streamflix", posterUrl: url })),
    );
    expect(new Set(answers.map((a) => a.body.jobId)).size).toBe(1);
    expect(answers.filter((a) => a.statusCode === 202)).toHaveLength(1);
    const event = await receiveEvent();
    expect(event.Records).toHaveLength(1);
    expect(await worker.handler(event, context)).toEqual({ batchItemFailures: [] });
  });

  it("reports a failing message in batchItemFailures until the DLQ takes it and the job is FAILED", async () => {
    const created = await post({
      platform: "streamflix",
      posterUrl: images.set("/aws/fail.jpg", { body: await makePoster(73) }),
    });
    const job = await services.jobs.getJob(created.body.jobId);
    await services.objects.delete(String(job?.storage.key));
    for (let attempt = 1; attempt <= 3; attempt++) {
      let event = await receiveEvent();
      for (let tries = 0; event.Records.length === 0 && tries < 5; tries++) event = await receiveEvent();
      expect(event.Records[0]?.attributes.ApproximateReceiveCount).toBe(String(attempt));
      const response = await worker.handler(event, context);
      expect(response.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0]?.messageId }]);
    }
    expect(await services.jobs.getJob(created.body.jobId)).toMatchObject({
      status: "FAILED",
      attempts: 3,
      error: { message: expect.stringContaining("missing") },
    });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect((await receiveEvent()).Records).toHaveLength(0);
    await expect.poll(() => services.queue.deadLetterDepth(), { timeout: 10_000 }).toBe(1);
  });
  it("re-enqueues a job left PENDING without a message, on the sweep schedule, once the queue is empty", async () => {
    const poster = await makePoster(74);
    const posterHash = createHash("sha256").update(poster).digest("hex");
    const key = posterKey("streamflix", posterHash, "jpeg");
    await services.objects.put(key, poster, "image/jpeg");
    // As a job creator that died after writing the job and before sending its message leaves it.
    const { job } = await services.jobs.createIfAbsent({
      jobId: "01JLOSTJOB0000000000000001",
      posterHash,
      policyVersion: "v1",
      verdictKey: "lost",
      platform: "streamflix",
      artworkType: "poster",
      posterUrl: "https://img.example/lost.jpg",
      metadata: {},
      storage: { bucket: "pg-posters", key },
      createdAt: new Date(Date.now() - 10 * 60_000).toISOString(),
    });

    expect(await worker.handler(worker.SWEEP_EVENT, context)).toEqual({ requeued: [job.jobId] });
    const event = await receiveEvent();
    expect(event.Records.map((r) => JSON.parse(r.body).jobId)).toEqual([job.jobId]);
    // Its message is in flight now: the next sweep leaves the job alone.
    expect(await worker.handler(worker.SWEEP_EVENT, context)).toMatchObject({
      requeued: [],
      skipped: expect.any(String),
    });
    expect(await worker.handler(event, context)).toEqual({ batchItemFailures: [] });
    expect(await services.jobs.getJob(job.jobId)).toMatchObject({ status: "COMPLETED" });
  });
});
