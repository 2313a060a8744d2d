import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import type { FunctionRole } from "./lambda-image.js";
import { PosterguardStack } from "./posterguard-stack.js";
import { readStackSettings } from "./stack-settings.js";

export interface CreateAppOptions {
  /** Context values, as `-c name=value` would give them. */
  context?: Record<string, unknown>;
  /** Where the cloud assembly goes; the CDK CLI sets it through CDK_OUTDIR otherwise. */
  outdir?: string;
  /** Test-only: handler modules other than the real ones in src/lambda. */
  handlerSources?: Partial<Record<FunctionRole, string>>;
  /**
   * CDK's own CloudFormation template checks (on by default). Unit tests turn them off: they
   * cost about 15 s of CPU per synthesis, and the test of `cdk synth` runs them.
   */
  builtinCloudFormationValidation?: boolean;
}

/**
 * Feature flags this app relies on, fixed here rather than in cdk.json so that tests and the
 * CLI synthesize the same template.
 */
export const FEATURE_FLAGS = {
  // Log delivery to the access-log bucket by bucket policy, not ACLs (ACLs stay disabled).
  "@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy": true,
};

/**
 * The CDK app: one PosterGuard stack, checked by cdk-nag's AWS Solutions rules. Any finding
 * not acknowledged (with its reason, next to the resource) fails synthesis.
 */
export function createPosterguardApp(options: CreateAppOptions = {}) {
  const app = new App({
    context: options.context,
    postCliContext: FEATURE_FLAGS,
    outdir: options.outdir,
    builtinCloudFormationValidation: options.builtinCloudFormationValidation,
  });
  const settings = readStackSettings(app.node);
  const stack = new PosterguardStack(app, settings.stackName, {
    settings,
    handlerSources: options.handlerSources,
    description: "PosterGuard: poster compliance checks on DynamoDB, S3, SQS and Lambda",
    // The account and region of the deploying credentials; none offline, which synth allows.
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack, settings };
}
