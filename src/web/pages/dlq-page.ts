import type { DeadLetter } from "../../ports/job-queue.js";
import { type Flash, layout, pageHead } from "../components/layout.js";
import { formatDate, timeAgo } from "../format.js";
import { html } from "../html.js";
import { allowed, type ViewContext } from "../view-context.js";

export type DeadLetterRow = DeadLetter & {
  jobStatus?: string | undefined;
  error?: { code: string; message: string } | undefined;
};

export function dlqPage(
  context: ViewContext,
  view: { letters: DeadLetterRow[]; titles: Map<string, string>; flash?: Flash | undefined },
): string {
  const canOperate = allowed(context, "operate");
  const redriveAll =
    canOperate && view.letters.length
      ? html`<form method="post" action="/ui/dlq/redrive" data-confirm="Put every dead-lettered job back on the queue?">
          <button class="btn primary" type="submit">Redrive all (${view.letters.length})</button></form>`
      : undefined;
  const body = html`
    ${pageHead("Dead letters", "Jobs that failed every attempt. Fix the cause, then put them back on the queue.", redriveAll)}
    <section class="card">${
      view.letters.length
        ? html`<div class="table-wrap"><table class="data" data-testid="dead-letters">
          <thead><tr><th>Poster</th><th>Job</th><th class="num">Receives</th><th>Dead-lettered</th><th>Last error</th><th></th></tr></thead>
          <tbody>${view.letters.map(
            (l) => html`<tr>
              <td><a href="/ui/posters/${l.body.posterHash}">${view.titles.get(l.body.posterHash) ?? "Untitled"}</a>
                <div class="hash">${l.body.posterHash.slice(0, 12)}</div></td>
              <td class="mono">${l.body.jobId}<div class="faint">${l.jobStatus ?? ""}</div></td>
              <td class="num">${l.receiveCount}</td>
              <td class="nowrap" title="${formatDate(l.deadLetteredAt)}">${timeAgo(l.deadLetteredAt, context.now)}</td>
              <td class="wrap">${l.error ? html`<span class="mono">${l.error.code}</span> ${l.error.message}` : html`<span class="muted">—</span>`}</td>
              <td class="right">${
                canOperate
                  ? html`<form method="post" action="/ui/dlq/redrive"><input type="hidden" name="messageId" value="${l.messageId}">
                      <button class="btn small" type="submit">Redrive</button></form>`
                  : ""
              }</td>
            </tr>`,
          )}</tbody></table></div>`
        : html`<div class="empty"><strong>The dead-letter queue is empty</strong>Every job so far either finished or is still being retried.</div>`
    }</section>`;
  return layout(context, { title: "Dead letters", body, flash: view.flash });
}
