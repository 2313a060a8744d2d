import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SendMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureQueuesAndBucket, resolveQueues } from "../../src/adapters/aws/ensure-queues-and-bucket.js";
import {
  createBucketInput,
  redrivePolicyFor,
  visibilityTimeoutSecondsFor,
} from "../../src/adapters/aws/queue-and-bucket-design.js";
import { SqsJobQueue, type WarningLog } from "../../src/adapters/aws/sqs-job-queue.js";
import { type Fauxqs, startFauxqs } from "../support/fauxqs.js";
import { describeJobQueueContract, jobMessage } from "./job-queue.contract.js";

let fauxqs: Fauxqs;
let queuePairs = 0;

beforeAll(async () => {
  fauxqs = await startFauxqs();
});

afterAll(async () => {
  await fauxqs.stop();
});

/** A new queue and DLQ made the way `posterguard aws init` makes them. */
async function openSqsQueue(log?: WarningLog) {
  const client = fauxqs.sqsClient();
  const n = ++queuePairs;
  const ensured = await ensureQueuesAndBucket(
    { sqs: client, s3: fauxqs.s3Client() },
    { queueName: `jobs-${n}`, deadLetterQueueName: `jobs-${n}-dlq`, bucketName: "posters" },
  );
  const queue = new SqsJobQueue({
    client,
    queueUrl: ensured.queueUrl,
    deadLetterQueueUrl: ensured.deadLetterQueueUrl,
    maxReceiveCount: ensured.maxReceiveCount,
    ...(log ? { log } : {}),
  });
  return { queue, client, ...ensured };
}

describeJobQueueContract("SqsJobQueue on fauxqs", {
  async openQueue() {
    return (await openSqsQueue()).queue;
  },
});

describe("SqsJobQueue: what only SQS needs", () => {
  it("rounds a fractional delay and visibility timeout up to whole seconds", async () => {
    const { queue } = await openSqsQueue();
    try {
      await queue.send(jobMessage(1), 0.2);
      expect(await queue.depth()).toEqual({ visible: 0, inFlight: 0, delayed: 1 });

      const [message] = await queue.receive({
        maxMessages: 1,
        visibilityTimeoutSeconds: 0.2,
        waitTimeMs: 2000,
      });
      expect(message?.receiveCount).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(await queue.receive({ maxMessages: 1, visibilityTimeoutSeconds: 30, waitTimeMs: 0 })).toEqual(
        [],
      );
    } finally {
      await queue.close();
    }
  });

  it("skips a body that is not a job message, logs it, and lets the redrive policy dead-letter it", async () => {
    const warnings: object[] = [];
    const { queue, client, queueUrl } = await openSqsQueue({ warn: (details) => warnings.push(details) });
    try {
      await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: "not json" }));
      await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '{"jobId":"only"}' }));
      await queue.send(jobMessage(1));

      for (let receive = 1; receive <= queue.maxReceiveCount; receive++) {
        const messages = await queue.receive({ maxMessages: 10, visibilityTimeoutSeconds: 0, waitTimeMs: 0 });
        expect(messages.map((m) => m.body)).toEqual([jobMessage(1)]);
      }
      expect(warnings).toHaveLength(2 * queue.maxReceiveCount);
      expect(warnings[0]).toMatchObject({ body: "not json" });

      expect(await queue.receive({ maxMessages: 10, visibilityTimeoutSeconds: 0, waitTimeMs: 0 })).toEqual(
        [],
      );
      expect(await queue.deadLetterDepth()).toBe(3);
      expect((await queue.listDeadLetters(10)).map((l) => l.body)).toEqual([jobMessage(1)]);
      expect((await queue.redrive()).map((l) => l.body)).toEqual([jobMessage(1)]);
      expect(await queue.deadLetterDepth()).toBe(2);
    } finally {
      await queue.close();
    }
  });
});

describe("ensureQueuesAndBucket on fauxqs", () => {
  async function attributes(client: SQSClient, queueUrl: string) {
    const output = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["All"] }),
    );
    return output.Attributes ?? {};
  }

  it("creates the DLQ, the queue with its redrive policy, and the bucket, then finds them again", async () => {
    const sqs = fauxqs.sqsClient();
    const s3 = fauxqs.s3Client();
    const settings = {
      queueName: "init-jobs",
      deadLetterQueueName: "init-jobs-dlq",
      bucketName: "init-posters",
    };

    const first = await ensureQueuesAndBucket({ sqs, s3 }, { ...settings, workerTimeoutSeconds: 60 });

    expect(first.changes).toEqual([
      "created queue init-jobs-dlq",
      "created queue init-jobs (dead letters to init-jobs-dlq after 3 receives)",
      "created bucket init-posters",
    ]);
    expect(first.maxReceiveCount).toBe(3);
    const main = await attributes(sqs, first.queueUrl);
    const dlq = await attributes(sqs, first.deadLetterQueueUrl);
    expect(main).toMatchObject({
      VisibilityTimeout: "360",
      ReceiveMessageWaitTimeSeconds: "20",
      MessageRetentionPeriod: String(4 * 86_400),
    });
    expect(JSON.parse(main.RedrivePolicy ?? "{}")).toEqual({
      deadLetterTargetArn: dlq.QueueArn,
      maxReceiveCount: 3,
    });
    expect(dlq.MessageRetentionPeriod).toBe(String(14 * 86_400));

    const second = await ensureQueuesAndBucket({ sqs, s3 }, settings);
    expect(second).toEqual({ ...first, changes: [] });
    const byUrl = await ensureQueuesAndBucket(
      { sqs, s3 },
      { queueUrl: first.queueUrl, deadLetterQueueUrl: first.deadLetterQueueUrl, bucketName: "init-posters" },
    );
    expect(byUrl.changes).toEqual([]);
  });

  it("adds a missing redrive policy to an existing queue and refuses one that points elsewhere", async () => {
    const sqs = fauxqs.sqsClient();
    const s3 = fauxqs.s3Client();
    const bare = await sqs.send(new CreateQueueCommand({ QueueName: "bare-jobs" }));
    await expect(
      resolveQueues(sqs, { queueName: "bare-jobs", deadLetterQueueName: "bare-jobs-dlq" }),
    ).rejects.toThrow(/does not exist/);

    const ensured = await ensureQueuesAndBucket(
      { sqs, s3 },
      { queueName: "bare-jobs", deadLetterQueueName: "bare-jobs-dlq", bucketName: "posters" },
    );

    expect(ensured.queueUrl).toBe(bare.QueueUrl);
    expect(ensured.changes).toEqual([
      "created queue bare-jobs-dlq",
      "added a redrive policy to bare-jobs (dead letters to bare-jobs-dlq)",
    ]);
    expect(
      await resolveQueues(sqs, { queueName: "bare-jobs", deadLetterQueueName: "bare-jobs-dlq" }),
    ).toEqual({
      queueUrl: ensured.queueUrl,
      deadLetterQueueUrl: ensured.deadLetterQueueUrl,
      maxReceiveCount: 3,
    });

    const otherDlq = await sqs.send(new CreateQueueCommand({ QueueName: "other-dlq" }));
    const otherArn = (await attributes(sqs, otherDlq.QueueUrl ?? "")).QueueArn ?? "";
    await sqs.send(
      new CreateQueueCommand({
        QueueName: "astray",
        Attributes: { RedrivePolicy: redrivePolicyFor(otherArn, 5) },
      }),
    );
    const names = { queueName: "astray", deadLetterQueueName: "bare-jobs-dlq", bucketName: "posters" };
    await expect(ensureQueuesAndBucket({ sqs, s3 }, names)).rejects.toThrow(
      /sends dead letters to .*other-dlq/,
    );
    await expect(
      resolveQueues(sqs, { queueName: "astray", deadLetterQueueName: "other-dlq" }),
    ).resolves.toMatchObject({ maxReceiveCount: 5 });
  });

  it("sizes the visibility timeout from the worker timeout and places buckets outside us-east-1", () => {
    expect(visibilityTimeoutSecondsFor(120)).toBe(720);
    expect(visibilityTimeoutSecondsFor(0.5)).toBe(3);
    expect(() => visibilityTimeoutSecondsFor(7201)).toThrow(RangeError);
    expect(() => visibilityTimeoutSecondsFor(0)).toThrow(RangeError);

    expect(createBucketInput("b", "us-east-1").createBucket).toEqual({ Bucket: "b" });
    const frankfurt = createBucketInput("b", "eu-central-1");
    expect(frankfurt.createBucket.CreateBucketConfiguration?.LocationConstraint).toBe("eu-central-1");
    expect(JSON.parse(frankfurt.policy.Policy ?? "{}").Statement[0]).toMatchObject({
      Effect: "Deny",
      Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
  });
});
