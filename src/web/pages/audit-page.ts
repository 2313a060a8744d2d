import type { AuditPage } from "../../ports/review-store.js";
import { decisionSummary, machineAtTheTime } from "../components/audit-list.js";
import { layout, pageHead } from "../components/layout.js";
import { formatDate, timeAgo } from "../format.js";
import { href, html } from "../html.js";
import type { ViewContext } from "../view-context.js";

export interface AuditView {
  page: AuditPage;
  reviewer?: string | undefined;
  reviewers: string[];
  titles: Map<string, string>;
  pageNumber: number;
}

export function auditPage(context: ViewContext, view: AuditView): string {
  const filter = html`<form class="actions" method="get" action="/ui/audit" data-autosubmit>
    <select name="reviewer" aria-label="Reviewer">
      <option value="">Every reviewer</option>
      ${view.reviewers.map((r) => html`<option value="${r}" ${r === view.reviewer ? html`selected` : ""}>${r}</option>`)}
    </select>
    <noscript><button class="btn" type="submit">Filter</button></noscript>
  </form>`;
  const body = html`
    ${pageHead("Audit trail", "Every human decision, newest first. Decisions are never edited or deleted.", filter)}
    <section class="card">${
      view.page.items.length
        ? html`<div class="table-wrap"><table class="data" data-testid="audit">
        <thead><tr><th>When</th><th>Reviewer</th><th>Poster</th><th>Decision</th><th>Machine said</th><th>Note</th></tr></thead>
        <tbody>${view.page.items.map(
          (d) => html`<tr data-decision="${d.decisionId}">
            <td class="nowrap" title="${formatDate(d.decidedAt)}">${formatDate(d.decidedAt)}<div class="faint">${timeAgo(d.decidedAt, context.now)}</div></td>
            <td class="nowrap"><strong>${d.reviewer.name}</strong><div class="faint">${d.reviewer.role}</div></td>
            <td><a href="/ui/posters/${d.posterHash}">${view.titles.get(d.posterHash) ?? d.posterHash.slice(0, 12)}</a></td>
            <td>${decisionSummary(d)}</td>
            <td class="muted">${machineAtTheTime(d)}</td>
            <td>${d.note || html`<span class="faint">—</span>`}</td>
          </tr>`,
        )}</tbody></table></div>`
        : html`<div class="empty"><strong>No decisions yet</strong>Reviews made on poster pages appear here.</div>`
    }</section>
    <nav class="pager" aria-label="Pages">
      ${view.pageNumber > 1 ? html`<a class="btn" href="${href("/ui/audit", { reviewer: view.reviewer })}">← Newest</a>` : ""}
      ${
        view.page.nextCursor
          ? html`<a class="btn" rel="next" href="${href("/ui/audit", { reviewer: view.reviewer, cursor: view.page.nextCursor, page: view.pageNumber + 1 })}">Older →</a>`
          : ""
      }
    </nav>`;
  return layout(context, { title: "Audit trail", body });
}
