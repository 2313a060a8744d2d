import { Duration } from "aws-cdk-lib";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { QUEUE_DESIGN, visibilityTimeoutSecondsFor } from "../../src/adapters/aws/queue-and-bucket-design.js";

export interface JobQueuesProps {
  /** The worker function's timeout; the queue's visibility timeout is derived from it. */
  workerTimeoutSeconds: number;
}

/** The job queue and its dead-letter queue, with the settings of the shared queue design. */
export class JobQueues extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly visibilityTimeoutSeconds: number;

  constructor(scope: Construct, id: string, props: JobQueuesProps) {
    super(scope, id);
    const encryption = QUEUE_DESIGN.sqsManagedEncryption
      ? QueueEncryption.SQS_MANAGED
      : QueueEncryption.KMS_MANAGED;

    this.deadLetterQueue = new Queue(this, "DeadLetters", {
      retentionPeriod: Duration.seconds(QUEUE_DESIGN.deadLetterRetentionSeconds),
      encryption,
      enforceSSL: true,
    });

    this.visibilityTimeoutSeconds = visibilityTimeoutSecondsFor(props.workerTimeoutSeconds);
    this.queue = new Queue(this, "Jobs", {
      visibilityTimeout: Duration.seconds(this.visibilityTimeoutSeconds),
      receiveMessageWaitTime: Duration.seconds(QUEUE_DESIGN.receiveMessageWaitTimeSeconds),
      retentionPeriod: Duration.seconds(QUEUE_DESIGN.messageRetentionSeconds),
      encryption,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: QUEUE_DESIGN.maxReceiveCount },
    });
  }
}
