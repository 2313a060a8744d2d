import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { type PolicyDocument, policyDocumentSchema } from "./policy-document.js";
import { PolicyError } from "./policy-error.js";

/** The policy files shipped with PosterGuard (generic, prime-video, apple-tv). */
export const PRESETS_DIR = fileURLToPath(new URL("../../../policies/", import.meta.url));

const PRESET_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** A preset name or a path to a YAML file. */
export function policyFileOf(reference: string): string {
  return PRESET_NAME.test(reference) ? `${PRESETS_DIR}${reference}.yaml` : reference;
}

export function parsePolicyDocument(yamlText: string, source: string): PolicyDocument {
  let raw: unknown;
  try {
    raw = parseYaml(yamlText);
  } catch (error) {
    throw new PolicyError(source, [`not valid YAML: ${(error as Error).message}`]);
  }
  const parsed = policyDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    throw new PolicyError(
      source,
      parsed.error.issues.map((issue) => `${issue.path.join(".") || "(top level)"}: ${issue.message}`),
    );
  }
  return parsed.data;
}

export function loadPolicyDocument(reference: string): PolicyDocument {
  const file = policyFileOf(reference);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const known = PRESET_NAME.test(reference) ? " (no such preset)" : "";
    throw new PolicyError(reference, [
      `cannot read ${file}${known}: ${(error as NodeJS.ErrnoException).code}`,
    ]);
  }
  return parsePolicyDocument(text, file);
}
