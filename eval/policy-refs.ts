import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PolicySource } from "../src/compliance/policy/policy-source.js";
import type { Policy } from "../src/domain/policy.js";
import type { JudgedAs } from "./eval-cases/eval-case.js";

/** Policy files of the evaluation set (platforms with own brands and the like). */
export const EVAL_POLICIES_DIR = fileURLToPath(new URL("./policies/", import.meta.url));

/** A manifest's policy name: a file in eval/policies/ when one is there, else a preset. */
export function policyReference(name: string): string {
  const file = `${EVAL_POLICIES_DIR}${name}.yaml`;
  return existsSync(file) ? file : name;
}

/** Resolves (policy, platform, artwork type) to the policy that judges an image, loading each source once. */
export class EvalPolicies {
  private readonly sources = new Map<string, PolicySource>();

  forImage(judged: JudgedAs): Policy {
    let source = this.sources.get(judged.policy);
    if (!source) {
      source = new PolicySource(policyReference(judged.policy));
      this.sources.set(judged.policy, source);
    }
    return source.forPoster(judged.platform, judged.artworkType);
  }
}
