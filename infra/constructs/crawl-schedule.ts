import { Duration } from "aws-cdk-lib";
import { Rule, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { Construct } from "constructs";

/** The seed's crawler flow: every 6 hours. */
export const CRAWL_EVERY = Duration.hours(6);

export interface CrawlScheduleProps {
  crawler: IFunction;
}

/**
 * An EventBridge rule that starts the crawler every six hours. EventBridge retries a failed
 * delivery twice and gives up after an hour: the next scheduled run is near enough.
 */
export class CrawlSchedule extends Construct {
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: CrawlScheduleProps) {
    super(scope, id);
    this.rule = new Rule(this, "Rule", {
      description: "Starts the PosterGuard crawler",
      schedule: Schedule.rate(CRAWL_EVERY),
      targets: [new LambdaFunction(props.crawler, { retryAttempts: 2, maxEventAge: Duration.hours(1) })],
    });
  }
}
