import { Stack } from "aws-cdk-lib";
import { describe, expect, it } from "vitest";
import { flattenReference } from "../../infra/constructs/nag-acknowledgements.js";
import { bedrockInvokeGrant, rekognitionModerationStatement } from "../../infra/model-permissions.js";

const stack = new Stack(undefined, "Permissions");
/** Resources as text, pseudo parameters written `<AWS::Region>`. */
const text = (values: string[]) => values.map((value) => flattenReference(stack.resolve(value)));

describe("model permissions", () => {
  it("name exactly the foundation model in the stack's region", () => {
    const grant = bedrockInvokeGrant("amazon.nova-lite-v1:0");
    expect(stack.resolve(grant.statement.toStatementJson()).Action).toBe("bedrock:InvokeModel");
    expect(text(grant.statement.resources)).toEqual([
      "arn:<AWS::Partition>:bedrock:<AWS::Region>::foundation-model/amazon.nova-lite-v1:0",
    ]);
    expect(grant.regionWildcards).toEqual([]);
  });

  it("use the Bedrock region when one is set", () => {
    const grant = bedrockInvokeGrant("anthropic.claude-3-haiku-20240307-v1:0", "eu-west-1");
    expect(text(grant.statement.resources)).toEqual([
      "arn:<AWS::Partition>:bedrock:eu-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
    ]);
  });

  it("allow a cross-region inference profile and its model in any region, and say which is the wildcard", () => {
    const grant = bedrockInvokeGrant("us.amazon.nova-pro-v1:0");
    expect(text(grant.statement.resources)).toEqual([
      "arn:<AWS::Partition>:bedrock:<AWS::Region>:<AWS::AccountId>:inference-profile/us.amazon.nova-pro-v1:0",
      "arn:<AWS::Partition>:bedrock:*::foundation-model/amazon.nova-pro-v1:0",
    ]);
    expect(text(grant.regionWildcards)).toEqual([
      "arn:<AWS::Partition>:bedrock:*::foundation-model/amazon.nova-pro-v1:0",
    ]);
  });

  it("take a model or profile ARN as given", () => {
    const model = "arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-lite-v1:0";
    expect(text(bedrockInvokeGrant(model).statement.resources)).toEqual([model]);
    const profile = "arn:aws:bedrock:us-west-2:123456789012:inference-profile/eu.amazon.nova-lite-v1:0";
    expect(text(bedrockInvokeGrant(profile).statement.resources)).toEqual([
      profile,
      "arn:<AWS::Partition>:bedrock:*::foundation-model/amazon.nova-lite-v1:0",
    ]);
  });

  it("grant Rekognition moderation alone on Resource *", () => {
    expect(stack.resolve(rekognitionModerationStatement().toStatementJson())).toEqual({
      Action: "rekognition:DetectModerationLabels",
      Effect: "Allow",
      Resource: "*",
    });
  });
});
