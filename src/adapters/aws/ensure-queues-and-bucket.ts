import {
  CreateBucketCommand,
  HeadBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketPolicyCommand,
  PutPublicAccessBlockCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SetQueueAttributesCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import {
  BUCKET_DESIGN,
  createBucketInput,
  createQueueInputs,
  QUEUE_DESIGN,
  redrivePolicyFor,
} from "./queue-and-bucket-design.js";

/** Names from TABLE_NAME-style settings; a URL wins over a name when both are given. */
export interface QueueNames {
  queueName?: string;
  deadLetterQueueName?: string;
  queueUrl?: string;
  deadLetterQueueUrl?: string;
}

export interface QueueAndBucketSettings extends QueueNames {
  bucketName?: string;
  /** Sets the new main queue's visibility timeout (6× this); see queue-and-bucket-design.ts. */
  workerTimeoutSeconds?: number;
}

export interface ResolvedQueues {
  queueUrl: string;
  deadLetterQueueUrl: string;
  /** From the main queue's redrive policy: SQS applies it, the adapter must agree. */
  maxReceiveCount: number;
}

export interface EnsuredQueuesAndBucket extends ResolvedQueues {
  bucket: string;
  /** What this call created or changed, in order, for `aws init` to print; empty when all existed. */
  changes: string[];
}

/**
 * Creates whatever is missing of the DLQ, the main queue (with its redrive policy) and the
 * poster bucket (with encryption, public access block and lifecycle), with the settings of
 * queue-and-bucket-design.ts. Idempotent: what exists is left as it is, except that a main
 * queue without a redrive policy gets one, since the system's retry limit depends on it.
 */
export async function ensureQueuesAndBucket(
  clients: { sqs: SQSClient; s3: S3Client },
  settings: QueueAndBucketSettings = {},
): Promise<EnsuredQueuesAndBucket> {
  const changes: string[] = [];
  const queues = await ensureQueues(clients.sqs, settings, changes);
  const bucket = settings.bucketName ?? BUCKET_DESIGN.defaultBucketName;
  if (await ensureBucket(clients.s3, bucket)) changes.push(`created bucket ${bucket}`);
  return { ...queues, bucket, changes };
}

/** Finds the queues (creating nothing) and reads the retry limit from the redrive policy. */
export async function resolveQueues(sqs: SQSClient, names: QueueNames = {}): Promise<ResolvedQueues> {
  const queueUrl = names.queueUrl ?? (await requireQueueUrl(sqs, mainQueueName(names)));
  const deadLetterQueueUrl =
    names.deadLetterQueueUrl ?? (await requireQueueUrl(sqs, deadLetterQueueName(names)));
  const policy = await readRedrivePolicy(sqs, queueUrl);
  if (!policy) {
    throw new Error(
      `queue ${queueUrl} has no redrive policy; run \`posterguard aws init\` or deploy the stack`,
    );
  }
  await assertRedrivesTo(sqs, queueUrl, policy, deadLetterQueueUrl);
  return { queueUrl, deadLetterQueueUrl, maxReceiveCount: policy.maxReceiveCount };
}

async function ensureQueues(
  sqs: SQSClient,
  settings: QueueAndBucketSettings,
  changes: string[],
): Promise<ResolvedQueues> {
  const inputs = createQueueInputs({
    queueName: mainQueueName(settings),
    deadLetterQueueName: deadLetterQueueName(settings),
    workerTimeoutSeconds: settings.workerTimeoutSeconds,
  });
  const dlqName = inputs.deadLetterQueue.QueueName as string;
  let deadLetterQueueUrl = await findQueueUrl(sqs, dlqName);
  if (!deadLetterQueueUrl) {
    deadLetterQueueUrl = await createQueue(sqs, inputs.deadLetterQueue);
    changes.push(`created queue ${dlqName}`);
  }
  const deadLetterQueueArn = await queueArn(sqs, deadLetterQueueUrl);
  const mainInput = inputs.mainQueue(deadLetterQueueArn);
  const name = mainInput.QueueName as string;
  let queueUrl = await findQueueUrl(sqs, name);
  if (!queueUrl) {
    queueUrl = await createQueue(sqs, mainInput);
    changes.push(
      `created queue ${name} (dead letters to ${dlqName} after ${QUEUE_DESIGN.maxReceiveCount} receives)`,
    );
    return { queueUrl, deadLetterQueueUrl, maxReceiveCount: QUEUE_DESIGN.maxReceiveCount };
  }
  const policy = await readRedrivePolicy(sqs, queueUrl);
  if (!policy) {
    await sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: queueUrl,
        Attributes: { RedrivePolicy: redrivePolicyFor(deadLetterQueueArn) },
      }),
    );
    changes.push(`added a redrive policy to ${name} (dead letters to ${dlqName})`);
    return { queueUrl, deadLetterQueueUrl, maxReceiveCount: QUEUE_DESIGN.maxReceiveCount };
  }
  await assertRedrivesTo(sqs, queueUrl, policy, deadLetterQueueUrl);
  return { queueUrl, deadLetterQueueUrl, maxReceiveCount: policy.maxReceiveCount };
}

/** True when the bucket was created here. */
async function ensureBucket(s3: S3Client, bucket: string): Promise<boolean> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return false;
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 403) {
      throw new Error(
        `bucket ${bucket} exists but this account cannot use it (names are global); set BUCKET_NAME`,
      );
    }
    if (status !== 404) throw error;
  }
  const inputs = createBucketInput(bucket, await s3.config.region());
  try {
    await s3.send(new CreateBucketCommand(inputs.createBucket));
  } catch (error) {
    if ((error as Error).name !== "BucketAlreadyOwnedByYou") throw error;
    return false;
  }
  await s3.send(new PutPublicAccessBlockCommand(inputs.publicAccessBlock));
  await s3.send(new PutBucketEncryptionCommand(inputs.encryption));
  await s3.send(new PutBucketLifecycleConfigurationCommand(inputs.lifecycle));
  if (BUCKET_DESIGN.enforceSsl) await s3.send(new PutBucketPolicyCommand(inputs.policy));
  return true;
}

function mainQueueName(names: QueueNames): string {
  return names.queueName ?? queueNameOf(names.queueUrl) ?? QUEUE_DESIGN.defaultQueueName;
}

function deadLetterQueueName(names: QueueNames): string {
  return (
    names.deadLetterQueueName ??
    queueNameOf(names.deadLetterQueueUrl) ??
    QUEUE_DESIGN.defaultDeadLetterQueueName
  );
}

/** A queue URL ends with the queue's name: https://sqs.{region}.amazonaws.com/{account}/{name}. */
function queueNameOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  return new URL(url).pathname.split("/").filter(Boolean).pop();
}

async function findQueueUrl(sqs: SQSClient, queueName: string): Promise<string | undefined> {
  try {
    return (await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }))).QueueUrl;
  } catch (error) {
    const name = (error as Error).name;
    if (name === "QueueDoesNotExist" || name === "AWS.SimpleQueueService.NonExistentQueue") return undefined;
    throw error;
  }
}

async function requireQueueUrl(sqs: SQSClient, queueName: string): Promise<string> {
  const url = await findQueueUrl(sqs, queueName);
  if (!url)
    throw new Error(`queue ${queueName} does not exist; run \`posterguard aws init\` or deploy the stack`);
  return url;
}

async function createQueue(
  sqs: SQSClient,
  input: ConstructorParameters<typeof CreateQueueCommand>[0],
): Promise<string> {
  const output = await sqs.send(new CreateQueueCommand(input));
  if (!output.QueueUrl) throw new Error(`SQS created queue ${input.QueueName} but returned no URL`);
  return output.QueueUrl;
}

async function queueArn(sqs: SQSClient, queueUrl: string): Promise<string> {
  const output = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["QueueArn"] }),
  );
  const arn = output.Attributes?.QueueArn;
  if (!arn) throw new Error(`SQS returned no ARN for ${queueUrl}`);
  return arn;
}

interface RedrivePolicy {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

async function readRedrivePolicy(sqs: SQSClient, queueUrl: string): Promise<RedrivePolicy | undefined> {
  const output = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["RedrivePolicy"] }),
  );
  const text = output.Attributes?.RedrivePolicy;
  if (!text) return undefined;
  const parsed = JSON.parse(text) as { deadLetterTargetArn?: string; maxReceiveCount?: number | string };
  // SQS hands the count back as a number or a string, depending on how it was set.
  const maxReceiveCount = Number(parsed.maxReceiveCount);
  if (!parsed.deadLetterTargetArn || !Number.isInteger(maxReceiveCount) || maxReceiveCount < 1) {
    throw new Error(`queue ${queueUrl} has an unreadable redrive policy: ${text}`);
  }
  return { deadLetterTargetArn: parsed.deadLetterTargetArn, maxReceiveCount };
}

async function assertRedrivesTo(
  sqs: SQSClient,
  queueUrl: string,
  policy: RedrivePolicy,
  deadLetterQueueUrl: string,
): Promise<void> {
  const expected = await queueArn(sqs, deadLetterQueueUrl);
  if (policy.deadLetterTargetArn !== expected) {
    throw new Error(
      `queue ${queueUrl} sends dead letters to ${policy.deadLetterTargetArn}, not to the configured DLQ ${expected}`,
    );
  }
}
