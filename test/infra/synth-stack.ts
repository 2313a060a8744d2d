import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CfnElement } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import type { IConstruct } from "constructs";
import { createPosterguardApp } from "../../infra/create-app.js";
import type { FunctionRole } from "../../infra/lambda-image.js";

/**
 * Importing aws-cdk-lib and synthesizing with cdk-nag takes a few seconds of CPU; on a loaded
 * machine the wall time is several times that.
 */
export const SYNTH_TIMEOUT_MS = 180_000;

/** Stand-in handlers, so the stack tests do not depend on the real handlers being written. */
export const FIXTURE_HANDLERS: Record<FunctionRole, string> = {
  api: "test/infra/fixtures/src/lambda/job-creator-handler.ts",
  worker: "test/infra/fixtures/src/lambda/worker-handler.ts",
  crawler: "test/infra/fixtures/src/lambda/crawler-handler.ts",
};

/**
 * The real app (settings, stack, cdk-nag) synthesized into a temporary directory. Synthesis
 * fails, and with it the caller, when cdk-nag reports a finding nobody acknowledged.
 */
export function synthStack(context: Record<string, unknown> = {}) {
  const outdir = mkdtempSync(join(tmpdir(), "posterguard-cdk-"));
  try {
    const { app, stack, settings } = createPosterguardApp({
      context,
      outdir,
      handlerSources: FIXTURE_HANDLERS,
      builtinCloudFormationValidation: false,
    });
    const template = Template.fromStack(stack);
    const logicalId = (construct: IConstruct) =>
      stack.getLogicalId(construct.node.defaultChild as CfnElement);
    return {
      app,
      stack,
      settings,
      template,
      logicalId,
      outdir,
      cleanup: () => rmSync(outdir, { recursive: true, force: true }),
    };
  } catch (error) {
    rmSync(outdir, { recursive: true, force: true });
    throw error;
  }
}

export type SynthesizedStack = ReturnType<typeof synthStack>;

export interface IamStatement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** Every statement of every identity policy in the template: policies and roles' inline policies. */
export function identityStatements(template: Template): { owner: string; statement: IamStatement }[] {
  const found: { owner: string; statement: IamStatement }[] = [];
  for (const [id, policy] of Object.entries(template.findResources("AWS::IAM::Policy"))) {
    for (const statement of policy.Properties.PolicyDocument.Statement as IamStatement[]) {
      found.push({ owner: id, statement });
    }
  }
  for (const [id, role] of Object.entries(template.findResources("AWS::IAM::Role"))) {
    for (const inline of (role.Properties.Policies ?? []) as {
      PolicyDocument: { Statement: IamStatement[] };
    }[]) {
      for (const statement of inline.PolicyDocument.Statement) found.push({ owner: id, statement });
    }
  }
  return found;
}

export function actionsOf(statement: IamStatement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

export function resourcesOf(statement: IamStatement): unknown[] {
  return Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
}
