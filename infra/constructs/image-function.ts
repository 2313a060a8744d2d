import { type Duration, RemovalPolicy } from "aws-cdk-lib";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { DockerImageFunction } from "aws-cdk-lib/aws-lambda";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { type FunctionRole, lambdaArchitecture, lambdaImageCode } from "../lambda-image.js";

export interface ImageFunctionProps {
  role: FunctionRole;
  description: string;
  /** The handler module, relative to the repository root (see HANDLER_SOURCES). */
  handlerSource: string;
  architecture: "x86_64" | "arm64";
  timeout: Duration;
  memorySize: number;
  environment: Record<string, string>;
  /** Lambda's own retries of a failed asynchronous invocation (0 to 2; Lambda's default is 2). */
  retryAttempts?: number;
}

/**
 * A function on the shared image, with its own log group (a month of logs) and its own role
 * that may write to that log group and nothing else until it is granted more. No managed
 * policy: AWSLambdaBasicExecutionRole would allow writing to every log group in the account.
 */
export class ImageFunction extends Construct {
  readonly function: DockerImageFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ImageFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, "Logs", {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `Runs the PosterGuard ${id} function`,
    });
    this.logGroup.grantWrite(this.role);
    this.function = new DockerImageFunction(this, "Function", {
      description: props.description,
      code: lambdaImageCode(props.role, props.handlerSource, props.architecture),
      architecture: lambdaArchitecture(props.architecture),
      timeout: props.timeout,
      memorySize: props.memorySize,
      environment: props.environment,
      role: this.role,
      logGroup: this.logGroup,
      ...(props.retryAttempts === undefined ? {} : { retryAttempts: props.retryAttempts }),
    });
  }
}
