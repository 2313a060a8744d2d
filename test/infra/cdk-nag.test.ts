import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CfnResource, Validations } from "aws-cdk-lib";
import { CfnPolicy } from "aws-cdk-lib/aws-iam";
import { Bucket } from "aws-cdk-lib/aws-s3";
import { AwsSolutionsChecks, rules } from "cdk-nag";
import type { IConstruct } from "constructs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPosterguardApp } from "../../infra/create-app.js";
import { FIXTURE_HANDLERS, SYNTH_TIMEOUT_MS, type SynthesizedStack, synthStack } from "./synth-stack.js";

interface Acknowledgement {
  path: string;
  id: string;
  reason: string;
}

/** Every acknowledged rule in the tree, as `Validations.of(x).acknowledge` recorded it. */
function acknowledgements(root: IConstruct): Acknowledgement[] {
  const found: Acknowledgement[] = [];
  const visit = (construct: IConstruct) => {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.push({ path: construct.node.path, id: id.replace(/^Annotation::/, ""), reason });
      }
    }
    for (const child of construct.node.children) visit(child);
  };
  visit(root);
  return found;
}

/** What cdk-nag's IAM5 rule finds in each policy, before any acknowledgement: "<role path> <finding>". */
function wildcardFindings(root: IConstruct): string[] {
  const found: string[] = [];
  const visit = (construct: IConstruct) => {
    if (construct instanceof CfnPolicy) {
      const result = rules.iam.IAMNoWildcardPermissions(construct as unknown as CfnResource);
      const rolePath = construct.node.scope?.node.scope?.node.path ?? "";
      if (Array.isArray(result)) for (const finding of result) found.push(`${rolePath} ${finding}`);
    }
    for (const child of construct.node.children) visit(child);
  };
  visit(root);
  return found.sort();
}

function nagViolations(root: IConstruct) {
  return new AwsSolutionsChecks(root).validateScope(root).violations.map((v) => ({
    rule: v.ruleName,
    at: v.violatingResources.map((r) => r.constructPath),
  }));
}

describe("cdk-nag AwsSolutions on the stack with every model grant", () => {
  let synth: SynthesizedStack;

  beforeAll(() => {
    synth = synthStack({
      detectors: "metrics,nsfw,bedrock,rekognition",
      bedrockModelId: "eu.amazon.nova-pro-v1:0",
    });
  }, SYNTH_TIMEOUT_MS);
  afterAll(() => synth?.cleanup());

  it("reports no finding that is not acknowledged", () => {
    expect(nagViolations(synth.app)).toEqual([]);
  });

  it("acknowledges exactly the wildcard findings IAM5 makes, each with a reason", () => {
    const acknowledged = acknowledgements(synth.app).filter((ack) => ack.id !== "AwsSolutions-SMG4");
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const ack of acknowledged) {
      expect(ack.id, ack.path).toMatch(/^AwsSolutions-IAM5\[(Action|Resource)::.+\]$/);
      expect(ack.reason.length, ack.id).toBeGreaterThanOrEqual(60);
    }
    const acknowledgedFindings = acknowledged
      .map((ack) => `${ack.path} ${ack.id.replace(/^AwsSolutions-IAM5\[(.*)\]$/, "$1")}`)
      .sort();
    expect(acknowledgedFindings).toEqual(wildcardFindings(synth.app));
  });

  it("acknowledges no rotation only for the session-signing secret, with its reason", () => {
    const smg4 = acknowledgements(synth.app).filter((ack) => ack.id === "AwsSolutions-SMG4");
    expect(smg4.map((ack) => ack.path)).toEqual([synth.stack.sessionSecret.secret.node.path]);
    expect(smg4[0]?.reason).toMatch(/sign/);
  });

  it("limits Resource * to the worker's Rekognition statement", () => {
    const everywhere = acknowledgements(synth.app).filter(
      (ack) => ack.id === "AwsSolutions-IAM5[Resource::*]",
    );
    expect(everywhere.map((ack) => ack.path)).toEqual([synth.stack.functions.worker.role?.node.path]);
    expect(everywhere[0]?.reason).toMatch(/rekognition:DetectModerationLabels/);
  });
});

describe("cdk-nag AwsSolutions on an open API without models", () => {
  let synth: SynthesizedStack;

  beforeAll(() => {
    synth = synthStack({ apiAuth: "none", detectors: "metrics" });
  }, SYNTH_TIMEOUT_MS);
  afterAll(() => synth?.cleanup());

  it("acknowledges the missing authorizer only because the operator asked for it", () => {
    expect(nagViolations(synth.app)).toEqual([]);
    const apig4 = acknowledgements(synth.app).filter((ack) => ack.id === "AwsSolutions-APIG4");
    expect(apig4).toHaveLength(1);
    expect(apig4[0]?.reason).toMatch(/apiAuth=none/);
    expect(acknowledgements(synth.app).some((ack) => ack.id.includes("Resource::*]"))).toBe(false);
  });
});

describe("the app's cdk-nag plugin", () => {
  it(
    "fails synthesis on a finding nobody acknowledged",
    () => {
      const outdir = mkdtempSync(join(tmpdir(), "posterguard-cdk-"));
      try {
        const { app, stack } = createPosterguardApp({
          handlerSources: FIXTURE_HANDLERS,
          builtinCloudFormationValidation: false,
          context: { "aws:cdk:disable-asset-staging": true },
          outdir,
        });
        new Bucket(stack, "CarelessBucket");
        expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
      } finally {
        rmSync(outdir, { recursive: true, force: true });
      }
    },
    SYNTH_TIMEOUT_MS,
  );
});
