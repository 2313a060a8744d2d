import { Duration } from "aws-cdk-lib";
import { Alarm, ComparisonOperator, type IMetric, Stats, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";

export interface AlarmsProps {
  queue: IQueue;
  deadLetterQueue: IQueue;
  worker: IFunction;
  crawler: IFunction;
  /** The oldest-message alarm's threshold. */
  queueAgeAlarmSeconds: number;
  alarmEmail?: string;
}

interface AlarmSpec {
  id: string;
  description: string;
  metric: IMetric;
  threshold: number;
}

/**
 * The alarms an operator acts on, all to one encrypted SNS topic:
 * - a job reached the dead-letter queue (it failed three receives);
 * - the worker or the crawler failed as a whole (crash, timeout, out of memory) rather than
 *   reporting single records as failed;
 * - the oldest job waiting in the queue is older than the threshold (workers cannot keep up,
 *   or are not running).
 */
export class Alarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    // A customer managed key because CloudWatch cannot publish to a topic encrypted with the
    // AWS managed aws/sns key: that key's policy cannot be changed to allow it.
    const key = new Key(this, "TopicKey", {
      description: "Encrypts the PosterGuard alarm topic",
      enableKeyRotation: true,
    });
    key.grant(new ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*");
    this.topic = new Topic(this, "Topic", {
      displayName: "PosterGuard alarms",
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    const fiveMinutes = Duration.minutes(5);
    const specs: AlarmSpec[] = [
      {
        id: "DeadLetters",
        description: "A job is in the dead-letter queue: list it with `posterguard dlq list`.",
        metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: Stats.MAXIMUM,
        }),
        threshold: 0,
      },
      {
        id: "WorkerErrors",
        description: "The worker function failed (crash, timeout or out of memory), not just single jobs.",
        metric: props.worker.metricErrors({ period: fiveMinutes, statistic: Stats.SUM }),
        threshold: 0,
      },
      {
        id: "CrawlerErrors",
        description: "The crawler function failed.",
        metric: props.crawler.metricErrors({ period: fiveMinutes, statistic: Stats.SUM }),
        threshold: 0,
      },
      {
        id: "QueueBacklog",
        description: `The oldest queued job has waited more than ${props.queueAgeAlarmSeconds} s.`,
        metric: props.queue.metricApproximateAgeOfOldestMessage({
          period: fiveMinutes,
          statistic: Stats.MAXIMUM,
        }),
        threshold: props.queueAgeAlarmSeconds,
      },
    ];
    const action = new SnsAction(this.topic);
    this.alarms = specs.map((spec) => {
      const alarm = new Alarm(this, spec.id, {
        alarmDescription: spec.description,
        metric: spec.metric,
        threshold: spec.threshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      return alarm;
    });
  }
}
