import type { ReviewDecision } from "../../ports/review-store.js";
import { codeLabel, formatConfidence, formatDate, timeAgo } from "../format.js";
import { html, type SafeHtml } from "../html.js";

export function decisionSummary(decision: ReviewDecision): SafeHtml {
  const verb = decision.action === "overturn" ? "overturned" : "confirmed";
  if (decision.scope === "violation" && decision.code) {
    return html`${verb} <strong>${codeLabel(decision.code)}</strong> <span class="mono faint">${decision.code}</span>`;
  }
  const machine = decision.machine.isCompliant ? "compliant" : "violating";
  return html`${verb} the verdict (<em>${machine}</em>)`;
}

export function machineAtTheTime(decision: ReviewDecision): string {
  const parts = [decision.machine.isCompliant ? "compliant" : "violating"];
  if (decision.machine.severity) parts.push(decision.machine.severity);
  if (decision.machine.confidence !== undefined) parts.push(formatConfidence(decision.machine.confidence));
  return `${parts.join(" · ")} (policy ${decision.machine.policyVersion.slice(0, 8)})`;
}

/** A poster's decisions, newest first. */
export function auditTimeline(decisions: ReviewDecision[], now: Date): SafeHtml {
  if (decisions.length === 0) return html`<p class="muted">No one has reviewed this poster yet.</p>`;
  return html`<ol class="timeline" data-testid="audit-trail">${[...decisions].reverse().map(
    (d) => html`<li data-decision="${d.decisionId}">
      <div class="avatar" aria-hidden="true">${d.reviewer.name.slice(0, 1).toUpperCase()}</div>
      <div>
        <div><span class="what">${d.reviewer.name}</span> <span class="faint">(${d.reviewer.role})</span>
          ${decisionSummary(d)}
          · <span class="muted" title="${formatDate(d.decidedAt)}">${timeAgo(d.decidedAt, now)}</span></div>
        <div class="faint">Machine said: ${machineAtTheTime(d)} · ${formatDate(d.decidedAt)}</div>
        ${d.note ? html`<div class="note">${d.note}</div>` : ""}
      </div>
    </li>`,
  )}</ol>`;
}
