import { Match } from "aws-cdk-lib/assertions";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GLOBAL_SECONDARY_INDEXES, PARTITION_KEY } from "../../src/adapters/aws/dynamo-table-design.js";
import { BUCKET_DESIGN, QUEUE_DESIGN } from "../../src/adapters/aws/queue-and-bucket-design.js";
import {
  actionsOf,
  type IamStatement,
  identityStatements,
  resourcesOf,
  SYNTH_TIMEOUT_MS,
  type SynthesizedStack,
  synthStack,
} from "./synth-stack.js";

const CONTEXT = {
  detectors: "metrics,nsfw,bedrock,rekognition",
  bedrockModelId: "us.amazon.nova-lite-v1:0",
  alarmEmail: "ops@example.com",
  apiKeys: `ops:admin:sha256:${"a".repeat(64)}`,
};

let synth: SynthesizedStack;

beforeAll(() => {
  synth = synthStack(CONTEXT);
}, SYNTH_TIMEOUT_MS);

afterAll(() => synth?.cleanup());

function functionProps(fn: IFunction) {
  const id = synth.logicalId(fn);
  return synth.template.toJSON().Resources[id].Properties;
}

function statementsOf(fn: IFunction): IamStatement[] {
  const roleId = fn.role ? synth.logicalId(fn.role) : "";
  const policies = synth.template.findResources("AWS::IAM::Policy", {
    Properties: { Roles: [{ Ref: roleId }] },
  });
  return Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement as IamStatement[]);
}

function allowedActions(fn: IFunction): string[] {
  return statementsOf(fn).flatMap(actionsOf);
}

describe("job table", () => {
  it("has the design's key, the PosterHashIndex and StatusIndex GSIs and every other design index", () => {
    const tables = synth.template.findResources("AWS::DynamoDB::Table");
    expect(Object.keys(tables)).toHaveLength(1);
    const table = Object.values(tables)[0]?.Properties;
    expect(table.KeySchema).toEqual([{ AttributeName: PARTITION_KEY.name, KeyType: "HASH" }]);

    const indexes = table.GlobalSecondaryIndexes as { IndexName: string; KeySchema: unknown[] }[];
    const byName = new Map(indexes.map((index) => [index.IndexName, index]));
    expect(byName.get("PosterHashIndex")?.KeySchema).toContainEqual({
      AttributeName: "posterHash",
      KeyType: "HASH",
    });
    expect(byName.get("StatusIndex")?.KeySchema).toEqual([
      { AttributeName: "status", KeyType: "HASH" },
      { AttributeName: "createdAt", KeyType: "RANGE" },
    ]);
    for (const design of GLOBAL_SECONDARY_INDEXES) {
      expect(byName.get(design.indexName)).toEqual({
        IndexName: design.indexName,
        KeySchema: [
          { AttributeName: design.partitionKey.name, KeyType: "HASH" },
          { AttributeName: design.sortKey.name, KeyType: "RANGE" },
        ],
        Projection:
          design.projection.type === "INCLUDE"
            ? { ProjectionType: "INCLUDE", NonKeyAttributes: [...design.projection.nonKeyAttributes] }
            : { ProjectionType: design.projection.type },
      });
    }
    expect(indexes).toHaveLength(GLOBAL_SECONDARY_INDEXES.length);
  });

  it("is on demand, point-in-time recoverable, KMS encrypted and never deleted with the stack", () => {
    synth.template.hasResource("AWS::DynamoDB::Table", {
      Properties: Match.objectLike({
        BillingMode: "PAY_PER_REQUEST",
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        DeletionProtectionEnabled: true,
      }),
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
    });
  });
});

describe("queues", () => {
  it("moves a message to the DLQ after the third receive", () => {
    const dlq = synth.logicalId(synth.stack.queues.deadLetterQueue);
    synth.template.hasResourceProperties("AWS::SQS::Queue", {
      RedrivePolicy: { deadLetterTargetArn: { "Fn::GetAtt": [dlq, "Arn"] }, maxReceiveCount: 3 },
    });
  });

  it("hides a received job for at least six worker timeouts, long-polls and encrypts", () => {
    const queue = synth.template.toJSON().Resources[synth.logicalId(synth.stack.queues.queue)].Properties;
    const worker = functionProps(synth.stack.functions.worker);
    expect(worker.Timeout).toBe(QUEUE_DESIGN.defaultWorkerTimeoutSeconds);
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * worker.Timeout);
    expect(queue.ReceiveMessageWaitTimeSeconds).toBe(20);
    expect(queue.SqsManagedSseEnabled).toBe(true);
    synth.template.hasResourceProperties("AWS::SQS::Queue", {
      MessageRetentionPeriod: QUEUE_DESIGN.deadLetterRetentionSeconds,
      SqsManagedSseEnabled: true,
    });
  });

  it("refuses requests over plain HTTP on both queues", () => {
    const policies = synth.template.findResources("AWS::SQS::QueuePolicy", {
      Properties: {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
          ]),
        },
      },
    });
    expect(Object.keys(policies)).toHaveLength(2);
  });

  it("feeds the worker in batches with partial batch failures and a concurrency cap", () => {
    synth.template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      EventSourceArn: { "Fn::GetAtt": [synth.logicalId(synth.stack.queues.queue), "Arn"] },
      FunctionName: { Ref: synth.logicalId(synth.stack.functions.worker) },
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      BatchSize: 5,
      ScalingConfig: { MaximumConcurrency: 10 },
    });
  });
});

describe("poster bucket", () => {
  it("is private, encrypted, HTTPS only, access-logged and retained", () => {
    const bucketId = synth.logicalId(synth.stack.storage.bucket);
    const logsId = synth.logicalId(synth.stack.storage.accessLogs);
    synth.template.hasResource("AWS::S3::Bucket", {
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
        },
        LoggingConfiguration: { DestinationBucketName: { Ref: logsId }, LogFilePrefix: "posters/" },
        LifecycleConfiguration: {
          Rules: Match.arrayWith([
            Match.objectLike({
              AbortIncompleteMultipartUpload: {
                DaysAfterInitiation: BUCKET_DESIGN.abortIncompleteMultipartUploadAfterDays,
              },
            }),
          ]),
        },
      }),
      DeletionPolicy: "Retain",
    });
    synth.template.hasResourceProperties("AWS::S3::BucketPolicy", {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
  });
});

describe("functions", () => {
  it("run the shared image with their own handler and the AWS backend's settings", () => {
    const expected = {
      api: "dist/lambda/job-creator-handler.handler",
      worker: "dist/lambda/worker-handler.handler",
      crawler: "dist/lambda/crawler-handler.handler",
    };
    for (const [role, command] of Object.entries(expected)) {
      const fn = synth.stack.functions[role as keyof typeof expected];
      const props = functionProps(fn);
      expect(props.PackageType).toBe("Image");
      expect(props.ImageConfig.Command).toEqual([command]);
      expect(props.Environment.Variables).toMatchObject({
        BACKEND: "aws",
        TABLE_NAME: { Ref: synth.logicalId(synth.stack.jobTable.table) },
        BUCKET_NAME: { Ref: synth.logicalId(synth.stack.storage.bucket) },
        QUEUE_URL: { Ref: synth.logicalId(synth.stack.queues.queue) },
        DLQ_URL: { Ref: synth.logicalId(synth.stack.queues.deadLetterQueue) },
        POLICY: "generic",
        DETECTORS: CONTEXT.detectors,
        BEDROCK_MODEL_ID: CONTEXT.bedrockModelId,
        MAX_RECEIVE_COUNT: "3",
        POWERTOOLS_SERVICE_NAME: `posterguard-${role}`,
        POWERTOOLS_METRICS_NAMESPACE: "PosterGuard",
      });
    }
    // Only the API checks keys; the digests given at deploy time.
    expect(functionProps(synth.stack.functions.api).Environment.Variables.API_KEYS).toBe(CONTEXT.apiKeys);
    expect(functionProps(synth.stack.functions.worker).Environment.Variables.API_KEYS).toBeUndefined();
    // The API lists crawl runs but leaves crawling to the crawler function.
    expect(functionProps(synth.stack.functions.api).Environment.Variables.CRAWL_IN_PROCESS).toBe("false");
    const crawler = functionProps(synth.stack.functions.crawler);
    expect(crawler.Timeout).toBe(900);
    expect(crawler.Environment.Variables).toMatchObject({
      PROFILES_DIR: "/var/task/profiles",
      CRAWL_SCHEDULE: "off",
      CRAWL_MAX_SECONDS: "840",
    });
    // A crashed crawl is not retried by Lambda (it would re-crawl the whole batch).
    synth.template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      FunctionName: { Ref: synth.logicalId(synth.stack.functions.crawler) },
      MaximumRetryAttempts: 0,
    });
  });

  it("give the API one session secret, generated in Secrets Manager and read by ARN, so every container signs alike", () => {
    const secrets = synth.template.findResources("AWS::SecretsManager::Secret");
    const [secretId, secret] = Object.entries(secrets)[0] ?? [];
    expect(Object.keys(secrets)).toHaveLength(1);
    expect(secret?.Properties.GenerateSecretString).toMatchObject({
      PasswordLength: 64,
      ExcludePunctuation: true,
    });
    const api = functionProps(synth.stack.functions.api).Environment.Variables;
    expect(api.SESSION_SECRET_ARN).toEqual({ Ref: secretId });
    // The value itself is never in the template or the function's configuration.
    expect(api.SESSION_SECRET).toBeUndefined();
    expect(JSON.stringify(synth.template.toJSON())).not.toContain("resolve:secretsmanager");
    const reads = statementsOf(synth.stack.functions.api).filter((s) =>
      actionsOf(s).includes("secretsmanager:GetSecretValue"),
    );
    expect(reads.map((s) => s.Resource)).toEqual([{ Ref: secretId }]);
    for (const other of [synth.stack.functions.worker, synth.stack.functions.crawler]) {
      expect(functionProps(other).Environment.Variables.SESSION_SECRET_ARN).toBeUndefined();
      expect(allowedActions(other).filter((a) => a.startsWith("secretsmanager:"))).toEqual([]);
    }
  });

  it("give no statement a service-wide or global action, and Resource * only to Rekognition", () => {
    const statements = identityStatements(synth.template);
    expect(statements.length).toBeGreaterThan(10);
    for (const { owner, statement } of statements) {
      for (const action of actionsOf(statement)) {
        expect(action, owner).not.toBe("*");
        expect(action, owner).not.toMatch(/^[a-z0-9-]+:\*$/);
      }
      if (resourcesOf(statement).includes("*")) {
        expect(actionsOf(statement), owner).toEqual(["rekognition:DetectModerationLabels"]);
      }
    }
  });

  it("let the worker read posters and call the configured models, but not write or delete posters", () => {
    const worker = allowedActions(synth.stack.functions.worker);
    expect(worker).toEqual(
      expect.arrayContaining(["s3:GetObject*", "dynamodb:UpdateItem", "sqs:DeleteMessage"]),
    );
    expect(worker.filter((a) => /^s3:(Put|Delete)/.test(a))).toEqual([]);
    const bedrock = statementsOf(synth.stack.functions.worker).find((s) =>
      actionsOf(s).includes("bedrock:InvokeModel"),
    );
    expect(JSON.stringify(bedrock?.Resource)).toContain(":inference-profile/us.amazon.nova-lite-v1:0");
    expect(JSON.stringify(bedrock?.Resource)).toContain(":bedrock:*::foundation-model/amazon.nova-lite-v1:0");
  });

  it("let the API store posters, send jobs and work the DLQ, with no poster deletes and no models", () => {
    const api = allowedActions(synth.stack.functions.api);
    expect(api).toEqual(expect.arrayContaining(["s3:PutObject", "sqs:SendMessage", "sqs:ReceiveMessage"]));
    expect(api.filter((a) => /^s3:Delete|^bedrock:|^rekognition:/.test(a))).toEqual([]);
    const dlqArn = { "Fn::GetAtt": [synth.logicalId(synth.stack.queues.deadLetterQueue), "Arn"] };
    const dlqStatement = statementsOf(synth.stack.functions.api).find((s) =>
      actionsOf(s).includes("sqs:ReceiveMessage"),
    );
    expect(dlqStatement?.Resource).toEqual(dlqArn);
  });

  it("let the crawler create jobs but not touch the models", () => {
    const crawler = allowedActions(synth.stack.functions.crawler);
    expect(crawler).toEqual(expect.arrayContaining(["s3:PutObject", "sqs:SendMessage", "dynamodb:PutItem"]));
    expect(crawler.filter((a) => /^s3:Delete|^bedrock:|^rekognition:/.test(a))).toEqual([]);
  });

  it("let worker and crawler only read the DLQ's attributes (the queue adapter checks the redrive)", () => {
    const dlqArn = { "Fn::GetAtt": [synth.logicalId(synth.stack.queues.deadLetterQueue), "Arn"] };
    for (const fn of [synth.stack.functions.worker, synth.stack.functions.crawler]) {
      const onDlq = statementsOf(fn).filter(
        (s) => JSON.stringify(resourcesOf(s)) === JSON.stringify([dlqArn]),
      );
      expect(onDlq.flatMap(actionsOf)).toEqual(["sqs:GetQueueAttributes"]);
    }
  });

  it("use roles without managed policies, each writing only to its own log group", () => {
    for (const role of Object.values(synth.template.findResources("AWS::IAM::Role"))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
    for (const fn of [
      synth.stack.functions.api,
      synth.stack.functions.worker,
      synth.stack.functions.crawler,
    ]) {
      const logGroup = functionProps(fn).LoggingConfig.LogGroup;
      const logStatement = statementsOf(fn).find((s) => actionsOf(s).includes("logs:PutLogEvents"));
      expect(logStatement?.Resource).toEqual({ "Fn::GetAtt": [logGroup.Ref, "Arn"] });
    }
  });
});

describe("HTTP API", () => {
  it("sends every route to the API function, signed with IAM, throttled and access-logged", () => {
    synth.template.hasResourceProperties("AWS::ApiGatewayV2::Route", {
      RouteKey: "$default",
      AuthorizationType: "AWS_IAM",
    });
    synth.template.hasResourceProperties("AWS::ApiGatewayV2::Integration", {
      IntegrationType: "AWS_PROXY",
      PayloadFormatVersion: "2.0",
      IntegrationUri: { "Fn::GetAtt": [synth.logicalId(synth.stack.functions.api), "Arn"] },
    });
    synth.template.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      StageName: "$default",
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: {
        DestinationArn: { "Fn::GetAtt": [synth.logicalId(synth.stack.httpApi.accessLogs), "Arn"] },
        Format: Match.stringLikeRegexp("\\$context\\.requestId"),
      },
    });
  });
});

describe("crawl schedule", () => {
  it("starts the crawler every 6 hours", () => {
    synth.template.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(6 hours)",
      State: "ENABLED",
      Targets: [
        Match.objectLike({ Arn: { "Fn::GetAtt": [synth.logicalId(synth.stack.functions.crawler), "Arn"] } }),
      ],
    });
  });
});

describe("sweep schedule", () => {
  it("sends the worker the sweep event every 5 minutes, and lets it send messages", () => {
    synth.template.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(5 minutes)",
      State: "ENABLED",
      Targets: [
        Match.objectLike({
          Arn: { "Fn::GetAtt": [synth.logicalId(synth.stack.functions.worker), "Arn"] },
          Input: JSON.stringify({ posterguard: "sweep-unqueued-jobs" }),
        }),
      ],
    });
    const workerRole = synth.logicalId(synth.stack.functions.worker.role as never);
    synth.template.hasResourceProperties("AWS::IAM::Policy", {
      Roles: Match.arrayWith([{ Ref: workerRole }]),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(["sqs:SendMessage"]), Effect: "Allow" }),
        ]),
      },
    });
  });
});

describe("alarms", () => {
  const topicRef = () => ({ Ref: synth.logicalId(synth.stack.alarms.topic) });

  it("fire on a dead letter, on worker and crawler failures and on a queue backlog", () => {
    const dlq = synth.logicalId(synth.stack.queues.deadLetterQueue);
    const queue = synth.logicalId(synth.stack.queues.queue);
    const cases = [
      {
        Namespace: "AWS/SQS",
        MetricName: "ApproximateNumberOfMessagesVisible",
        Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [dlq, "QueueName"] } }],
        Threshold: 0,
      },
      {
        Namespace: "AWS/Lambda",
        MetricName: "Errors",
        Dimensions: [{ Name: "FunctionName", Value: { Ref: synth.logicalId(synth.stack.functions.worker) } }],
        Threshold: 0,
      },
      {
        Namespace: "AWS/Lambda",
        MetricName: "Errors",
        Dimensions: [
          { Name: "FunctionName", Value: { Ref: synth.logicalId(synth.stack.functions.crawler) } },
        ],
        Threshold: 0,
      },
      {
        Namespace: "AWS/SQS",
        MetricName: "ApproximateAgeOfOldestMessage",
        Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [queue, "QueueName"] } }],
        Threshold: 900,
      },
    ];
    for (const expected of cases) {
      synth.template.hasResourceProperties("AWS::CloudWatch::Alarm", {
        ...expected,
        ComparisonOperator: "GreaterThanThreshold",
        AlarmActions: [topicRef()],
      });
    }
    synth.template.resourceCountIs("AWS::CloudWatch::Alarm", cases.length);
  });

  it("publish to a KMS-encrypted topic that CloudWatch may use, with the email subscribed", () => {
    const keyId = synth.logicalId(synth.stack.alarms.topic.masterKey ?? synth.stack.alarms.topic);
    synth.template.hasResourceProperties("AWS::SNS::Topic", {
      KmsMasterKeyId: { "Fn::GetAtt": [keyId, "Arn"] },
    });
    synth.template.hasResourceProperties("AWS::KMS::Key", {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          }),
        ]),
      },
    });
    synth.template.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "email",
      Endpoint: CONTEXT.alarmEmail,
      TopicArn: topicRef(),
    });
  });
});

describe("outputs", () => {
  it("name the API URL, the bucket, the table and both queue URLs", () => {
    const outputs = synth.template.toJSON().Outputs;
    expect(Object.keys(outputs).sort()).toEqual(
      ["AlarmTopicArn", "ApiUrl", "BucketName", "DeadLetterQueueUrl", "QueueUrl", "TableName"].sort(),
    );
    expect(outputs.QueueUrl.Value).toEqual({ Ref: synth.logicalId(synth.stack.queues.queue) });
  });
});
