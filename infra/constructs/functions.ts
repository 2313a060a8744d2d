import { Duration } from "aws-cdk-lib";
import type { Table } from "aws-cdk-lib/aws-dynamodb";
import type { DockerImageFunction } from "aws-cdk-lib/aws-lambda";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import type { Bucket } from "aws-cdk-lib/aws-s3";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import type { Queue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { QUEUE_DESIGN } from "../../src/adapters/aws/queue-and-bucket-design.js";
import { type FunctionRole, HANDLER_SOURCES } from "../lambda-image.js";
import { bedrockInvokeGrant, rekognitionModerationStatement } from "../model-permissions.js";
import type { StackSettings } from "../stack-settings.js";
import { ImageFunction } from "./image-function.js";
import { acknowledgeGrantWildcards } from "./nag-acknowledgements.js";

export interface FunctionsProps {
  settings: StackSettings;
  table: Table;
  bucket: Bucket;
  queue: Queue;
  deadLetterQueue: Queue;
  /** Signs dashboard sessions: the API function reads it at cold start. */
  sessionSecret: ISecret;
  /** The job queue's visibility timeout, which the worker extends its lease by. */
  visibilityTimeoutSeconds: number;
  /** Test-only: handler modules other than the real ones in src/lambda. */
  handlerSources?: Partial<Record<FunctionRole, string>>;
}

/** API Gateway's HTTP API waits at most 30 s for an integration. */
const API_TIMEOUT = Duration.seconds(30);
/** The longest a Lambda function runs; a crawl of a large catalog needs it. */
const CRAWLER_TIMEOUT = Duration.minutes(15);
/** Time left after the crawl's own deadline to close the browser and record the run. */
const CRAWL_WRAP_UP_SECONDS = 60;

/**
 * The three functions on the shared image and exactly what each may touch:
 * - api (job creation and reads): jobs table, posters read and write (no delete), send jobs,
 *   and the dead-letter queue for listing and redriving dead letters;
 * - worker: jobs table, posters read only, the queue through its event source, and the
 *   models its detectors call;
 * - crawler: creates jobs in process like `posterguard crawl`, so the api's data rights
 *   without the dead-letter queue.
 * Worker and crawler may read the DLQ's attributes, nothing more.
 */
export class Functions extends Construct {
  readonly api: DockerImageFunction;
  readonly worker: DockerImageFunction;
  readonly crawler: DockerImageFunction;

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    const { settings, table, bucket, queue, deadLetterQueue } = props;
    const sources = { ...HANDLER_SOURCES, ...props.handlerSources };
    const usesBedrock = settings.detectors.includes("bedrock");

    const environment = (role: FunctionRole): Record<string, string> => ({
      BACKEND: "aws",
      TABLE_NAME: table.tableName,
      BUCKET_NAME: bucket.bucketName,
      QUEUE_URL: queue.queueUrl,
      DLQ_URL: deadLetterQueue.queueUrl,
      MAX_RECEIVE_COUNT: String(QUEUE_DESIGN.maxReceiveCount),
      VISIBILITY_TIMEOUT_SECONDS: String(props.visibilityTimeoutSeconds),
      POLICY: settings.policy,
      DETECTORS: settings.detectors.join(","),
      // The only writable place in a Lambda; the AWS backend keeps nothing there.
      DATA_DIR: "/tmp/posterguard",
      POWERTOOLS_SERVICE_NAME: `posterguard-${role}`,
      POWERTOOLS_METRICS_NAMESPACE: "PosterGuard",
      ...(usesBedrock
        ? {
            BEDROCK_MODEL_ID: settings.bedrockModelId,
            ...(settings.bedrockRegion ? { BEDROCK_REGION: settings.bedrockRegion } : {}),
          }
        : {}),
    });
    const common = { architecture: settings.architecture };

    const api = new ImageFunction(this, "Api", {
      ...common,
      role: "api",
      description: "PosterGuard HTTP API: job creation and reads (the Fastify app)",
      handlerSource: sources.api,
      timeout: API_TIMEOUT,
      memorySize: settings.apiMemoryMb,
      environment: {
        ...environment("api"),
        // No Chromium here, and Lambda freezes work left after a response: crawls run in the crawler.
        CRAWL_IN_PROCESS: "false",
        ...(settings.apiKeys ? { API_KEYS: settings.apiKeys } : {}),
        // One session key for every container, read at cold start (the value stays out of the template).
        SESSION_SECRET_ARN: props.sessionSecret.secretArn,
      },
    });
    const worker = new ImageFunction(this, "Worker", {
      ...common,
      role: "worker",
      description: "PosterGuard worker: checks the posters of queued jobs",
      handlerSource: sources.worker,
      timeout: Duration.seconds(settings.workerTimeoutSeconds),
      memorySize: settings.workerMemoryMb,
      environment: environment("worker"),
    });
    const crawler = new ImageFunction(this, "Crawler", {
      ...common,
      role: "crawler",
      description: "PosterGuard crawler: finds catalog posters and creates their jobs",
      handlerSource: sources.crawler,
      timeout: CRAWLER_TIMEOUT,
      memorySize: settings.crawlerMemoryMb,
      // A crawl that crashed or timed out waits for the next schedule: a retry would crawl every
      // platform of the batch again. Its run is marked INTERRUPTED by the next invocation.
      retryAttempts: 0,
      environment: {
        ...environment("crawler"),
        // Where the crawler image keeps the profiles and Chromium.
        PROFILES_DIR: "/var/task/profiles",
        CHROMIUM_PATH: "/usr/bin/chromium",
        // A run must end, and record what it found, before Lambda stops it.
        CRAWL_MAX_SECONDS: String(CRAWLER_TIMEOUT.toSeconds() - CRAWL_WRAP_UP_SECONDS),
        // EventBridge starts the runs; no in-process scheduler.
        CRAWL_SCHEDULE: "off",
      },
    });

    for (const creator of [api, crawler]) {
      table.grantReadWriteData(creator.role);
      bucket.grantRead(creator.role);
      bucket.grantPut(creator.role);
      queue.grantSendMessages(creator.role);
    }
    deadLetterQueue.grantConsumeMessages(api.role);
    props.sessionSecret.grantRead(api.role);
    // The AWS queue adapter checks on first use that the queue's redrive targets DLQ_URL,
    // which reads the DLQ's ARN.
    for (const fn of [worker, crawler]) deadLetterQueue.grant(fn.role, "sqs:GetQueueAttributes");

    table.grantReadWriteData(worker.role);
    bucket.grantRead(worker.role);
    worker.function.addEventSource(
      new SqsEventSource(queue, {
        batchSize: settings.workerBatchSize,
        reportBatchItemFailures: true,
        maxConcurrency: settings.workerMaxConcurrency,
      }),
    );
    if (usesBedrock) {
      const grant = bedrockInvokeGrant(settings.bedrockModelId, settings.bedrockRegion);
      worker.role.addToPrincipalPolicy(grant.statement);
      acknowledgeGrantWildcards(worker.role, {
        resources: grant.regionWildcards,
        reason:
          "A cross-region inference profile routes each call to the model in any region of its geography, so IAM must allow the foundation model in every region; the model itself is named.",
      });
    }
    if (settings.detectors.includes("rekognition")) {
      worker.role.addToPrincipalPolicy(rekognitionModerationStatement());
      acknowledgeGrantWildcards(worker.role, {
        resources: ["*"],
        reason:
          "rekognition:DetectModerationLabels supports no resource-level permissions (IAM accepts only Resource *); the statement allows that one action only.",
      });
    }

    for (const fn of [api, worker, crawler]) {
      acknowledgeGrantWildcards(fn.role, {
        actions: ["s3:GetObject*", "s3:GetBucket*", "s3:List*"],
        resources: [`${bucket.bucketArn}/*`, `${table.tableArn}/index/*`],
        reason:
          "Generated by CDK grants on the one poster bucket and the one job table: object keys are content addressed (any key under the bucket), the store queries every index of its table, and the action groups are the read-only ones.",
      });
    }
    acknowledgeGrantWildcards(api.role, {
      actions: ["s3:Abort*"],
      reason: "Generated by bucket.grantPut on the poster bucket: aborting its own multipart uploads.",
    });
    acknowledgeGrantWildcards(crawler.role, {
      actions: ["s3:Abort*"],
      reason: "Generated by bucket.grantPut on the poster bucket: aborting its own multipart uploads.",
    });

    this.api = api.function;
    this.worker = worker.function;
    this.crawler = crawler.function;
  }
}
