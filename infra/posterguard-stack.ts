import { Annotations, CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { Alarms } from "./constructs/alarms.js";
import { CrawlSchedule } from "./constructs/crawl-schedule.js";
import { Functions } from "./constructs/functions.js";
import { PosterguardApi } from "./constructs/http-api.js";
import { JobQueues } from "./constructs/job-queues.js";
import { JobTable } from "./constructs/job-table.js";
import { PosterBucket } from "./constructs/poster-bucket.js";
import { SessionSecret } from "./constructs/session-secret.js";
import { SweepSchedule } from "./constructs/sweep-schedule.js";
import type { FunctionRole } from "./lambda-image.js";
import type { StackSettings } from "./stack-settings.js";

export interface PosterguardStackProps extends StackProps {
  settings: StackSettings;
  /** Test-only: handler modules other than the real ones in src/lambda. */
  handlerSources?: Partial<Record<FunctionRole, string>>;
}

/** PosterGuard on AWS: the four flows of the seed on DynamoDB, S3, SQS, Lambda and EventBridge. */
export class PosterguardStack extends Stack {
  readonly storage: PosterBucket;
  readonly jobTable: JobTable;
  readonly queues: JobQueues;
  readonly sessionSecret: SessionSecret;
  readonly functions: Functions;
  readonly httpApi: PosterguardApi;
  readonly crawlSchedule: CrawlSchedule;
  readonly sweepSchedule: SweepSchedule;
  readonly alarms: Alarms;

  constructor(scope: Construct, id: string, props: PosterguardStackProps) {
    super(scope, id, props);
    const { settings } = props;

    this.storage = new PosterBucket(this, "Storage", { bucketName: settings.bucketName });
    this.jobTable = new JobTable(this, "JobTable", { tableName: settings.tableName });
    this.queues = new JobQueues(this, "Queues", { workerTimeoutSeconds: settings.workerTimeoutSeconds });
    this.sessionSecret = new SessionSecret(this, "SessionSecret");
    this.functions = new Functions(this, "Functions", {
      settings,
      sessionSecret: this.sessionSecret.secret,
      table: this.jobTable.table,
      bucket: this.storage.bucket,
      queue: this.queues.queue,
      deadLetterQueue: this.queues.deadLetterQueue,
      visibilityTimeoutSeconds: this.queues.visibilityTimeoutSeconds,
      handlerSources: props.handlerSources,
    });
    this.httpApi = new PosterguardApi(this, "Http", {
      handler: this.functions.api,
      auth: settings.apiAuth,
      rateLimit: settings.apiRateLimit,
      burstLimit: settings.apiBurstLimit,
    });
    if (!settings.apiKeys) {
      Annotations.of(this).addWarningV2(
        "posterguard:no-api-keys",
        "No apiKeys: the API answers 503 to every request. Make a key with `npx posterguard keys create " +
          "--name you --role admin` and deploy with -c apiKeys=<the API_KEYS entry it prints>.",
      );
    }
    this.crawlSchedule = new CrawlSchedule(this, "CrawlSchedule", { crawler: this.functions.crawler });
    this.sweepSchedule = new SweepSchedule(this, "SweepSchedule", {
      worker: this.functions.worker,
      queue: this.queues.queue,
    });
    this.alarms = new Alarms(this, "Alarms", {
      queue: this.queues.queue,
      deadLetterQueue: this.queues.deadLetterQueue,
      worker: this.functions.worker,
      crawler: this.functions.crawler,
      queueAgeAlarmSeconds: settings.queueAgeAlarmSeconds,
      alarmEmail: settings.alarmEmail,
    });

    const outputs: Record<string, { value: string; description: string }> = {
      ApiUrl: { value: this.httpApi.stage.url, description: "Base URL of the HTTP API" },
      BucketName: { value: this.storage.bucket.bucketName, description: "BUCKET_NAME" },
      TableName: { value: this.jobTable.table.tableName, description: "TABLE_NAME" },
      QueueUrl: { value: this.queues.queue.queueUrl, description: "QUEUE_URL" },
      DeadLetterQueueUrl: { value: this.queues.deadLetterQueue.queueUrl, description: "DLQ_URL" },
      AlarmTopicArn: { value: this.alarms.topic.topicArn, description: "Where the alarms go" },
    };
    for (const [name, output] of Object.entries(outputs)) new CfnOutput(this, name, output);
  }
}
