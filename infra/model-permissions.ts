import { Aws } from "aws-cdk-lib";
import { Effect, PolicyStatement } from "aws-cdk-lib/aws-iam";

/** Geography prefixes of Bedrock's system-defined cross-region inference profiles. */
const INFERENCE_PROFILE_ID = /^(us|us-gov|eu|apac|ca|jp|au|global)\.(.+)$/;
const INFERENCE_PROFILE_ARN = /^arn:[^:]+:bedrock:[^:]*:[^:]*:inference-profile\/(.+)$/;

export interface BedrockGrant {
  statement: PolicyStatement;
  /** Resources with a region wildcard, which the inference profile makes unavoidable. */
  regionWildcards: string[];
}

/**
 * `bedrock:InvokeModel` (which the Converse API needs) on exactly the configured model. A
 * cross-region inference profile (`us.amazon.nova-lite-v1:0`) also needs the foundation model
 * in every region the profile may route to, hence one ARN with a region wildcard.
 */
export function bedrockInvokeGrant(modelId: string, region: string = Aws.REGION): BedrockGrant {
  const foundationModel = (id: string, inRegion: string) =>
    `arn:${Aws.PARTITION}:bedrock:${inRegion}::foundation-model/${id}`;

  const profileArn = INFERENCE_PROFILE_ARN.exec(modelId);
  const profileId = profileArn?.[1] ?? (modelId.startsWith("arn:") ? undefined : modelId);
  const profile = profileId === undefined ? null : INFERENCE_PROFILE_ID.exec(profileId);

  let resources: string[];
  let regionWildcards: string[] = [];
  if (profile?.[2]) {
    const anyRegion = foundationModel(profile[2], "*");
    const profileResource =
      profileArn !== null
        ? modelId
        : `arn:${Aws.PARTITION}:bedrock:${region}:${Aws.ACCOUNT_ID}:inference-profile/${modelId}`;
    resources = [profileResource, anyRegion];
    regionWildcards = [anyRegion];
  } else if (modelId.startsWith("arn:")) {
    resources = [modelId];
  } else {
    resources = [foundationModel(modelId, region)];
  }
  return {
    statement: new PolicyStatement({ effect: Effect.ALLOW, actions: ["bedrock:InvokeModel"], resources }),
    regionWildcards,
  };
}

/** Rekognition's DetectModerationLabels has no resource type to name: IAM accepts only `*`. */
export function rekognitionModerationStatement(): PolicyStatement {
  return new PolicyStatement({
    effect: Effect.ALLOW,
    actions: ["rekognition:DetectModerationLabels"],
    resources: ["*"],
  });
}
