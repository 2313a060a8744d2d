import type {
  BucketLocationConstraint,
  CreateBucketCommandInput,
  PutBucketEncryptionCommandInput,
  PutBucketLifecycleConfigurationCommandInput,
  PutBucketPolicyCommandInput,
  PutPublicAccessBlockCommandInput,
} from "@aws-sdk/client-s3";
import type { CreateQueueCommandInput } from "@aws-sdk/client-sqs";

/**
 * The settings of the job queue, its dead-letter queue and the poster bucket, as plain
 * data. The CDK app and `posterguard aws init` both read them, so a stack deployed with
 * CDK and resources created by `aws init` behave the same.
 */

const SECONDS_PER_DAY = 86_400;
/** SQS refuses a visibility timeout above 12 hours. */
const MAX_VISIBILITY_TIMEOUT_SECONDS = 43_200;

export const QUEUE_DESIGN = {
  defaultQueueName: "posterguard-jobs",
  defaultDeadLetterQueueName: "posterguard-jobs-dlq",
  /** Receives before SQS moves a message to the DLQ: the design's "up to 3 receives in all". */
  maxReceiveCount: 3,
  /** Queue default for long polling; receivers also pass their own wait. */
  receiveMessageWaitTimeSeconds: 20,
  /**
   * AWS's rule for a Lambda event source: the queue's visibility timeout is at least six
   * times the function timeout, so batching windows and retries of a throttled invoke do
   * not make a message visible again while a worker still holds it.
   */
  visibilityTimeoutWorkerMultiple: 6,
  /** The worker Lambda's timeout when nothing else is said: OCR, NSFW and a cloud model call. */
  defaultWorkerTimeoutSeconds: 120,
  /** SQS's own default, four days: a job nobody picked up in four days is stale. */
  messageRetentionSeconds: 4 * SECONDS_PER_DAY,
  /**
   * The SQS maximum. A standard queue's DLQ keeps each message's original enqueue time,
   * so the DLQ must retain longer than the main queue or dead letters expire on arrival.
   */
  deadLetterRetentionSeconds: 14 * SECONDS_PER_DAY,
  /** SSE with SQS-owned keys, free and on by default for new queues. */
  sqsManagedEncryption: true,
} as const;

export const BUCKET_DESIGN = {
  /**
   * Bucket names are global across all AWS accounts, so a real deployment sets
   * BUCKET_NAME (or lets CloudFormation generate one); this default suits emulators
   * and a first try.
   */
  defaultBucketName: "posterguard-posters",
  /** SSE-S3 (AES256): no KMS key to manage or pay for; posters are not secrets, only private. */
  encryption: "AES256",
  blockAllPublicAccess: true,
  /** Requests over plain HTTP are denied by bucket policy (CDK `enforceSSL`). */
  enforceSsl: true,
  /** Posters are single PutObject writes; this only sweeps parts a failed upload left behind. */
  abortIncompleteMultipartUploadAfterDays: 1,
  /**
   * No expiry: keys are content addressed (`posters/{platform}/{hash[0..2]}/{hash}.{ext}`)
   * and a verdict points at its image as evidence for as long as the verdict is kept.
   * No storage-class transition: posters are mostly under 128 KB, which S3
   * Intelligent-Tiering never moves and which Standard-IA bills as 128 KB each, so
   * a transition would cost more than it saves.
   */
  expireAfterDays: undefined,
  transitionToInfrequentAccessAfterDays: undefined,
  /** Rewriting a key writes the same bytes (same hash), so versions would only hold copies. */
  versioned: false,
} as const;

/** The main queue's visibility timeout for a given worker timeout (at least 6×, at most 12 h). */
export function visibilityTimeoutSecondsFor(workerTimeoutSeconds: number): number {
  if (!Number.isFinite(workerTimeoutSeconds) || workerTimeoutSeconds <= 0) {
    throw new RangeError(`workerTimeoutSeconds must be a positive number, got ${workerTimeoutSeconds}`);
  }
  const seconds = Math.ceil(workerTimeoutSeconds * QUEUE_DESIGN.visibilityTimeoutWorkerMultiple);
  if (seconds > MAX_VISIBILITY_TIMEOUT_SECONDS) {
    throw new RangeError(
      `a worker timeout of ${workerTimeoutSeconds} s needs a visibility timeout above the SQS maximum of ${MAX_VISIBILITY_TIMEOUT_SECONDS} s`,
    );
  }
  return seconds;
}

/** The redrive policy attribute, a JSON string as SQS wants it. */
export function redrivePolicyFor(
  deadLetterQueueArn: string,
  maxReceiveCount: number = QUEUE_DESIGN.maxReceiveCount,
): string {
  return JSON.stringify({ deadLetterTargetArn: deadLetterQueueArn, maxReceiveCount });
}

export interface QueueDesignOptions {
  queueName?: string;
  deadLetterQueueName?: string;
  workerTimeoutSeconds?: number;
  maxReceiveCount?: number;
}

export interface QueueInputs {
  deadLetterQueue: CreateQueueCommandInput;
  /** The main queue needs the DLQ's ARN, known once the DLQ exists. */
  mainQueue(deadLetterQueueArn: string): CreateQueueCommandInput;
}

/** CreateQueue inputs for the DLQ and the main queue, in the order they must be created. */
export function createQueueInputs(names: QueueDesignOptions = {}): QueueInputs {
  const workerTimeoutSeconds = names.workerTimeoutSeconds ?? QUEUE_DESIGN.defaultWorkerTimeoutSeconds;
  const encryption = { SqsManagedSseEnabled: String(QUEUE_DESIGN.sqsManagedEncryption) };
  return {
    deadLetterQueue: {
      QueueName: names.deadLetterQueueName ?? QUEUE_DESIGN.defaultDeadLetterQueueName,
      Attributes: {
        MessageRetentionPeriod: String(QUEUE_DESIGN.deadLetterRetentionSeconds),
        ...encryption,
      },
    },
    mainQueue: (deadLetterQueueArn) => ({
      QueueName: names.queueName ?? QUEUE_DESIGN.defaultQueueName,
      Attributes: {
        VisibilityTimeout: String(visibilityTimeoutSecondsFor(workerTimeoutSeconds)),
        ReceiveMessageWaitTimeSeconds: String(QUEUE_DESIGN.receiveMessageWaitTimeSeconds),
        MessageRetentionPeriod: String(QUEUE_DESIGN.messageRetentionSeconds),
        RedrivePolicy: redrivePolicyFor(deadLetterQueueArn, names.maxReceiveCount),
        ...encryption,
      },
    }),
  };
}

export interface BucketInputs {
  createBucket: CreateBucketCommandInput;
  publicAccessBlock: PutPublicAccessBlockCommandInput;
  encryption: PutBucketEncryptionCommandInput;
  lifecycle: PutBucketLifecycleConfigurationCommandInput;
  /** Denies plain-HTTP requests, as CDK's `enforceSSL` does. */
  policy: PutBucketPolicyCommandInput;
}

/** The calls that create the poster bucket and give it its settings, in order. */
export function createBucketInput(
  bucketName: string = BUCKET_DESIGN.defaultBucketName,
  region = "us-east-1",
): BucketInputs {
  return {
    createBucket: {
      Bucket: bucketName,
      // us-east-1 is the one region S3 refuses as an explicit location constraint.
      ...(region === "us-east-1"
        ? {}
        : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
    },
    publicAccessBlock: {
      Bucket: bucketName,
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
    },
    encryption: {
      Bucket: bucketName,
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: BUCKET_DESIGN.encryption } }],
      },
    },
    lifecycle: {
      Bucket: bucketName,
      LifecycleConfiguration: {
        Rules: [
          {
            ID: "abort-incomplete-multipart-uploads",
            Status: "Enabled",
            Filter: { Prefix: "" },
            AbortIncompleteMultipartUpload: {
              DaysAfterInitiation: BUCKET_DESIGN.abortIncompleteMultipartUploadAfterDays,
            },
          },
        ],
      },
    },
    policy: { Bucket: bucketName, Policy: JSON.stringify(denyInsecureTransport(bucketName, region)) },
  };
}

function denyInsecureTransport(bucketName: string, region: string) {
  const bucketArn = `arn:${partitionOf(region)}:s3:::${bucketName}`;
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  };
}

function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}
