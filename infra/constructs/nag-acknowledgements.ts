import { Stack, Validations } from "aws-cdk-lib";
import type { IConstruct } from "constructs";

export interface WildcardGrant {
  /** Wildcard actions, as written in the policy (`s3:GetObject*`). */
  actions?: string[];
  /** Resources containing `*`, as strings or tokens (`${bucket.bucketArn}/*`). */
  resources?: string[];
  reason: string;
}

/**
 * Acknowledges exactly these AwsSolutions-IAM5 findings on a role (or any ancestor of its
 * policy), each by its finding id, so a wildcard added later is still reported.
 */
export function acknowledgeGrantWildcards(scope: IConstruct, grant: WildcardGrant): void {
  const stack = Stack.of(scope);
  const findings = [
    ...(grant.actions ?? []).map((action) => `Action::${action}`),
    ...(grant.resources ?? []).map((resource) => `Resource::${flattenReference(stack.resolve(resource))}`),
  ];
  for (const finding of findings) {
    Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason: grant.reason });
  }
}

/**
 * The text cdk-nag names a resource finding by: references become `<LogicalId.Attribute>` or
 * `<LogicalId>`, `${...}` becomes `<...>`, joins are concatenated (cdk-nag's
 * flattenCfnReference, which its package does not export).
 */
export function flattenReference(node: unknown): string {
  if (node === undefined) return "";
  if (typeof node === "string") return node.replace(/\$\{/g, "<").replace(/}/g, ">");
  if (typeof node === "object" && node !== null) {
    const value = node as Record<string, unknown>;
    if (Array.isArray(value["Fn::Join"])) {
      const [delimiter, items] = value["Fn::Join"] as [string, unknown[]];
      return items.map(flattenReference).join(delimiter);
    }
    if (value["Fn::Sub"] !== undefined) return flattenReference(value["Fn::Sub"]);
    if (Array.isArray(value["Fn::GetAtt"])) {
      const [resource, attribute] = value["Fn::GetAtt"] as [unknown, unknown];
      return `<${flattenReference(resource)}.${flattenReference(attribute)}>`;
    }
    if (value["Fn::ImportValue"] !== undefined) return flattenReference(value["Fn::ImportValue"]);
    if (value.Ref !== undefined) return `<${flattenReference(value.Ref)}>`;
  }
  return JSON.stringify(node);
}
