import type { Policy } from "../domain/policy.js";
import { loadPolicyDocument } from "./policy/load-policy-document.js";
import { resolvePolicy } from "./policy/resolve-policy.js";

let generic: Policy | undefined;

/** The shipped `generic` policy for a poster on no particular platform. */
export function defaultPolicy(): Policy {
  generic ??= resolvePolicy(loadPolicyDocument("generic"), loadPolicyDocument, undefined, undefined);
  return generic;
}
