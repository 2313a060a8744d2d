import { type Policy, ruleFor } from "../../domain/policy.js";
import type { Violation } from "../../domain/violation.js";
import type { ReviewDecision } from "../../ports/review-store.js";
import { codeLabel, formatConfidence } from "../format.js";
import { html, type SafeHtml } from "../html.js";
import { severityBadge } from "./badges.js";
import { decisionNote, violationReviewForm } from "./review-forms.js";

function valueText(value: unknown): string {
  if (Array.isArray(value)) return value.join(", ");
  if (typeof value === "number")
    return Number.isInteger(value) ? String(value) : value.toFixed(3).replace(/0+$/, "");
  return String(value);
}

function record(values: Record<string, unknown> | undefined): SafeHtml {
  if (!values || Object.keys(values).length === 0) return html`—`;
  return html`${Object.entries(values).map(
    ([key, value], i) => html`${i > 0 ? ", " : ""}<span class="mono">${key}</span> ${valueText(value)}`,
  )}`;
}

export interface ViolationCardInput {
  posterHash: string;
  violation: Violation;
  detectorVersion?: string | undefined;
  policy?: Policy | undefined;
  decision?: ReviewDecision | undefined;
  canReview: boolean;
  now: Date;
}

/** One violation: what fired, who saw it, how sure, the rule, the evidence, and its review. */
export function violationCard(input: ViolationCardInput): SafeHtml {
  const { violation: v, decision } = input;
  const overturned = decision?.action === "overturn";
  const rule = input.policy ? ruleFor(input.policy, v.code) : undefined;
  const evidence = v.evidence;
  return html`<article class="violation sev-${v.severity} ${overturned ? "is-overturned" : ""}" id="violation-${v.code}"
      data-evidence="${v.code}" data-code="${v.code}">
    <div class="v-head">
      ${severityBadge(v.severity)}
      <span class="v-title">${codeLabel(v.code)}</span>
      <span class="mono faint">${v.code}</span>
      ${overturned ? html`<span class="badge human">Overturned</span>` : ""}
      ${decision?.action === "confirm" ? html`<span class="badge human">Confirmed</span>` : ""}
    </div>
    <p class="v-message">${v.message}</p>
    <dl class="facts">
      <dt>Detector</dt><dd><span class="chip">${v.detector}${input.detectorVersion ? ` ${input.detectorVersion}` : ""}</span>${
        v.corroboratedBy?.length
          ? html` <span class="muted">also seen by ${v.corroboratedBy.join(", ")}</span>`
          : ""
      }</dd>
      <dt>Confidence</dt><dd>${formatConfidence(v.confidence)}</dd>
      <dt>Policy rule</dt><dd>${
        rule
          ? html`${rule.enabled ? "enabled" : "disabled"} · severity ${rule.severity} · fires at ${formatConfidence(rule.minConfidence)} confidence or more`
          : "—"
      }</dd>
      ${evidence?.measured ? html`<dt>Measured</dt><dd>${record(evidence.measured)}</dd>` : ""}
      ${evidence?.limit ? html`<dt>Limit</dt><dd>${record(evidence.limit)}</dd>` : ""}
      ${evidence?.text ? html`<dt>Text</dt><dd>“${evidence.text}”</dd>` : ""}
      ${evidence?.boxes?.length ? html`<dt>Evidence</dt><dd>${evidence.boxes.length} ${evidence.boxes.length === 1 ? "region" : "regions"} on the image</dd>` : ""}
    </dl>
    ${decision ? decisionNote(decision, input.now) : ""}
    ${input.canReview ? violationReviewForm(input.posterHash, v.code, decision !== undefined) : ""}
  </article>`;
}
