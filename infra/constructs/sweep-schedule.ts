import { Duration } from "aws-cdk-lib";
import { Rule, RuleTargetInput, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { Queue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { SWEEP_EVENT } from "../../src/services/sweep-unqueued-jobs.js";

export const SWEEP_EVERY = Duration.minutes(5);

export interface SweepScheduleProps {
  worker: IFunction;
  queue: Queue;
}

/**
 * Every five minutes the worker looks for jobs left PENDING without a message (the API wrote the
 * job to DynamoDB and died before SQS took its message) and sends their messages again.
 */
export class SweepSchedule extends Construct {
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: SweepScheduleProps) {
    super(scope, id);
    this.rule = new Rule(this, "Rule", {
      description: "Re-enqueues PosterGuard jobs left without a queue message",
      schedule: Schedule.rate(SWEEP_EVERY),
      targets: [
        new LambdaFunction(props.worker, {
          event: RuleTargetInput.fromObject(SWEEP_EVENT),
          retryAttempts: 0,
          maxEventAge: Duration.minutes(5),
        }),
      ],
    });
    props.queue.grantSendMessages(props.worker);
  }
}
