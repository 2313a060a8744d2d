import { createHash } from "node:crypto";
import type { Policy } from "./policy.js";

/**
 * A verdict depends on the poster, the policy version and, where the policy checks the title,
 * on the known title: this is the cache key beside the poster hash.
 */
export function verdictKeyOf(policy: Policy, title: string | undefined): string {
  if (!policy.artwork.titleRequired || !title) return policy.version;
  const normalized = title.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
  return `${policy.version}:${createHash("sha256").update(normalized).digest("hex").slice(0, 12)}`;
}
