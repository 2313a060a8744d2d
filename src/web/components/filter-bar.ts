import { SEVERITIES, VIOLATION_CODES } from "../../domain/violation.js";
import type { GalleryFilter } from "../../ports/poster-index.js";
import { codeLabel } from "../format.js";
import { html, type SafeHtml } from "../html.js";

function option(value: string, label: string, selected: string | undefined): SafeHtml {
  return html`<option value="${value}" ${value === selected ? html`selected` : ""}>${label}</option>`;
}

/** The gallery filters: a plain GET form (the script submits it when a select changes). */
export function filterBar(filter: GalleryFilter, platforms: string[]): SafeHtml {
  return html`<form class="card filters" method="get" action="/ui/posters" data-autosubmit role="search">
    <label class="field grow">Title
      <input type="search" name="q" value="${filter.q ?? ""}" placeholder="Search titles…" autocomplete="off">
    </label>
    <label class="field">Platform
      <select name="platform">${option("", "All platforms", filter.platform ?? "")}${platforms.map((p) =>
        option(p, p, filter.platform),
      )}</select>
    </label>
    <label class="field">Status
      <select name="status">
        ${option("", "Any status", filter.status ?? "")}
        ${option("violating", "Violating", filter.status)}
        ${option("compliant", "Compliant", filter.status)}
        ${option("pending", "Pending", filter.status)}
        ${option("failed", "Failed", filter.status)}
      </select>
    </label>
    <label class="field">Violation
      <select name="code">${option("", "Any violation", filter.code ?? "")}${[...VIOLATION_CODES]
        .sort()
        .map((code) => option(code, codeLabel(code), filter.code))}</select>
    </label>
    <label class="field">Severity
      <select name="severity">${option("", "Any severity", filter.minSeverity ?? "")}${SEVERITIES.map((s) =>
        option(
          s,
          s === "CRITICAL" ? "Critical" : `${s.charAt(0)}${s.slice(1).toLowerCase()} and above`,
          filter.minSeverity,
        ),
      )}</select>
    </label>
    <label class="field">Review
      <select name="reviewed">
        ${option("", "Reviewed or not", filter.reviewed ?? "")}
        ${option("no", "Not reviewed", filter.reviewed)}
        ${option("yes", "Reviewed", filter.reviewed)}
        ${option("overturned", "Overturned", filter.reviewed)}
      </select>
    </label>
    <div class="actions">
      <button class="btn primary" type="submit">Apply</button>
      <a class="btn" href="/ui/posters">Clear</a>
    </div>
  </form>`;
}
