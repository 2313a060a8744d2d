import { loadPolicyDocument, policyFileOf } from "../compliance/policy/load-policy-document.js";
import { PolicyError } from "../compliance/policy/policy-error.js";
import { PolicySource } from "../compliance/policy/policy-source.js";
import { compose } from "../compose.js";
import type { Config } from "../config.js";
import type { Policy } from "../domain/policy.js";
import { createLogger } from "../observability/logger.js";
import { formatTable } from "./print-table.js";

type Format = "table" | "json";

/** `policy validate <file>`: 0 when valid, 1 with every problem listed when not. */
export function policyValidateCommand(reference: string): number {
  try {
    const document = loadPolicyDocument(reference);
    const source = new PolicySource(reference);
    const resolved = source.allResolved();
    process.stdout.write(
      `${policyFileOf(reference)}: valid policy "${document.id}" — ${Object.keys(document.artworkTypes).length} artwork ` +
        `types, ${Object.keys(document.platforms).length} platforms, ${resolved.length} resolved policies\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof PolicyError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

/** `policy show`: the rules and artwork types of a policy or preset, as tables or JSON. */
export function policyShowCommand(
  config: Config,
  options: { preset?: string; policy?: string; platform?: string; artworkType?: string; format: Format },
): number {
  const source = new PolicySource(options.preset ?? options.policy ?? config.POLICY);
  const policies = options.artworkType
    ? [source.forPoster(options.platform, options.artworkType)]
    : source.allResolved().filter((p) => (options.platform ? p.platform === options.platform : !p.platform));
  if (options.format === "json") {
    process.stdout.write(`${JSON.stringify(policies, null, 2)}\n`);
    return 0;
  }
  const first = policies[0];
  if (!first) {
    process.stderr.write(`no policy for platform ${options.platform}\n`);
    return 2;
  }
  const document = source.current;
  process.stdout.write(
    `Policy ${first.id} (preset ${first.preset})${first.platform ? ` for platform ${first.platform}` : ""}\n` +
      `${document.description ?? ""}\n`,
  );
  if (document.sources?.length)
    process.stdout.write(`Sources:\n${document.sources.map((s) => `  - ${s}`).join("\n")}\n`);
  process.stdout.write(`\nArtwork types\n${formatTable(ARTWORK_HEADER, policies.map(artworkRow))}`);
  const rows = Object.entries(first.rules).map(([code, rule]) => [
    code,
    rule?.enabled ? "on" : "off",
    rule?.severity ?? "",
    String(rule?.minConfidence ?? ""),
  ]);
  process.stdout.write(
    `\nRules (merge: ${first.merge.strategy})\n${formatTable(["CODE", "STATE", "SEVERITY", "MIN CONF."], rows)}`,
  );
  return 0;
}

const ARTWORK_HEADER = [
  "TYPE",
  "VERSION",
  "RATIO",
  "MIN SIZE",
  "MAX SIDE",
  "MAX BYTES",
  "FORMATS",
  "TEXT",
  "TITLE",
  "SAFE ZONES",
];

function artworkRow(policy: Policy): string[] {
  const t = policy.technical;
  const a = policy.artwork;
  return [
    policy.artworkType + (a.transparencyRequired ? " (transparent)" : ""),
    policy.version,
    `${t.aspectRatios.map((r) => `${r.width}:${r.height}`).join(" or ")} ±${Math.round(t.aspectRatioTolerance * 100)}%`,
    `${t.minWidth}×${t.minHeight}`,
    `${t.maxWidth}×${t.maxHeight}`,
    `${Math.round((t.maxBytes / 1024 / 1024) * 10) / 10} MB`,
    t.formats.join(","),
    a.textAllowed ? "allowed" : "none",
    a.titleRequired ? "required" : "-",
    a.safeZones.map((z) => z.name).join("; ") || "-",
  ];
}

/** `policy rejudge`: every stored poster under the policy in force, no detector run. */
export async function policyRejudgeCommand(config: Config, options: { format: Format }): Promise<number> {
  const services = compose(config, createLogger("silent"));
  try {
    const report = await services.rejudge.rejudgeAll();
    if (options.format === "json") process.stdout.write(`${JSON.stringify(report)}\n`);
    else {
      process.stdout.write(
        `Re-judged ${report.rejudged} of ${report.posters} posters in ${report.durationMs} ms ` +
          `(${report.changed} verdicts changed, ${report.current} already current, ` +
          `${report.missingObservations} need a detector run; detector runs: ${report.detectorRuns}).\n`,
      );
    }
    return 0;
  } finally {
    await services.close();
  }
}
