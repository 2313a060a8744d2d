import type { Severity } from "../../domain/violation.js";
import type { IndexedViolation, ReviewState, VerdictStatus } from "../../ports/poster-index.js";
import { codeLabel } from "../format.js";
import { html, type SafeHtml } from "../html.js";

const STATUS_LABELS: Record<VerdictStatus, string> = {
  compliant: "Compliant",
  violating: "Violating",
  pending: "Pending",
  failed: "Failed",
};

export function statusBadge(status: VerdictStatus, extraClass = ""): SafeHtml {
  return html`<span class="badge ${status} ${extraClass}">${STATUS_LABELS[status]}</span>`;
}

export function severityBadge(severity: Severity): SafeHtml {
  return html`<span class="badge sev-${severity}">${severity.charAt(0) + severity.slice(1).toLowerCase()}</span>`;
}

/** A violation code coloured by its severity; struck through when a person overturned it. */
export function codeBadge(violation: IndexedViolation): SafeHtml {
  const title = violation.overturned
    ? `${violation.code} (${violation.severity}), overturned by a reviewer`
    : `${violation.code} (${violation.severity})`;
  return html`<span class="badge ${violation.overturned ? "overturned" : `sev-${violation.severity}`}" title="${title}"
    data-code="${violation.code}">${codeLabel(violation.code)}</span>`;
}

export function humanBadge(
  verdict: "compliant" | "violating" | undefined,
  state: ReviewState,
  extraClass = "",
): SafeHtml {
  if (state === "unreviewed") return html``;
  if (state === "partial") return html`<span class="badge neutral ${extraClass}">Partly reviewed</span>`;
  const label = state === "overturned" ? "Overturned" : "Confirmed";
  return html`<span class="badge human ${extraClass}" title="A reviewer says: ${verdict ?? ""}">✓ ${label}</span>`;
}

/** A small horizontal bar (SVG attributes, since inline styles are not allowed). */
export function shareBar(part: number, whole: number, fill: "ok" | "bad" | "accent" = "accent"): SafeHtml {
  const width = whole > 0 ? Math.max(0, Math.min(100, (part / whole) * 100)) : 0;
  return html`<svg class="bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
    <rect class="track" x="0" y="0" width="100" height="8" rx="4"/>
    <rect class="fill-${fill}" x="0" y="0" width="${width.toFixed(2)}" height="8" rx="4"/>
  </svg>`;
}
