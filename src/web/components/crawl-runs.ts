import type { CrawlRunSummary } from "../crawl-console.js";
import { formatDate, formatNumber, timeAgo } from "../format.js";
import { html, type SafeHtml } from "../html.js";

const STATUS_CLASS = { running: "pending", succeeded: "compliant", failed: "failed" } as const;

export function crawlRunsTable(
  runs: CrawlRunSummary[],
  now: Date,
  options: { compact?: boolean } = {},
): SafeHtml {
  if (runs.length === 0) return html`<p class="muted">No crawl has run yet.</p>`;
  const compact = options.compact === true;
  return html`<div class="table-wrap"><table class="data ${compact ? "compact" : ""}" data-testid="crawl-runs">
    <thead><tr><th>Started</th><th>Platform</th><th>Status</th><th class="num">Found</th><th class="num">Submitted</th>${
      compact ? "" : html`<th class="num">Cached</th>`
    }<th class="num">Errors</th>${compact ? "" : html`<th>Last error</th>`}</tr></thead>
    <tbody>${runs.map(
      (r) => html`<tr>
        <td class="nowrap" title="${formatDate(r.startedAt)}">${timeAgo(r.startedAt, now)}</td>
        <td><span class="chip">${r.platform}</span></td>
        <td><span class="badge ${STATUS_CLASS[r.status]}">${r.status}</span></td>
        <td class="num">${formatNumber(r.discovered)}</td><td class="num">${formatNumber(r.submitted)}</td>
        ${compact ? "" : html`<td class="num">${formatNumber(r.cached)}</td>`}
        <td class="num" ${r.lastError ? html`title="${r.lastError}"` : ""}>${formatNumber(r.errors)}</td>
        ${compact ? "" : html`<td class="wrap">${r.lastError ?? html`<span class="faint">—</span>`}</td>`}
      </tr>`,
    )}</tbody></table></div>`;
}
