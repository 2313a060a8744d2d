import { RemovalPolicy, Validations } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import { HttpApi, type HttpStage, LogGroupLogDestination } from "aws-cdk-lib/aws-apigatewayv2";
import { HttpIamAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";

export interface PosterguardApiProps {
  handler: IFunction;
  /** `iam`: every request must be SigV4-signed by a principal allowed execute-api:Invoke. */
  auth: "iam" | "none";
  rateLimit: number;
  burstLimit: number;
}

/** One JSON line per request; HTTP APIs support these $context variables. */
const ACCESS_LOG_FIELDS = {
  requestId: "$context.requestId",
  requestTime: "$context.requestTime",
  sourceIp: "$context.identity.sourceIp",
  caller: "$context.identity.userArn",
  method: "$context.httpMethod",
  path: "$context.path",
  routeKey: "$context.routeKey",
  status: "$context.status",
  protocol: "$context.protocol",
  responseLength: "$context.responseLength",
  integrationLatencyMs: "$context.integrationLatency",
  integrationError: "$context.integrationErrorMessage",
};

/**
 * An HTTP API whose `$default` route sends every request to the API function: the Fastify
 * app routes it (POST /jobs, GET /jobs, /posters/…, /policy, /healthz, /metrics, /docs), so
 * routes, schemas and errors are defined once, for `posterguard serve` and Lambda alike.
 */
export class PosterguardApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: PosterguardApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, "Api", {
      description: "PosterGuard: job creation and reads",
      createDefaultStage: false,
      defaultIntegration: new HttpLambdaIntegration("App", props.handler),
      defaultAuthorizer: props.auth === "iam" ? new HttpIamAuthorizer() : undefined,
    });
    this.accessLogs = new LogGroup(this, "AccessLogs", {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = this.api.addStage("DefaultStage", {
      stageName: "$default",
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    if (props.auth === "none") {
      Validations.of(this.api).acknowledge({
        id: "AwsSolutions-APIG4",
        reason:
          "Deployed with -c apiAuth=none: the operator chose an open API (for example behind their own gateway); throttling still applies.",
      });
    }
  }
}
