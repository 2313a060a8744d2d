import { crawlRunsTable } from "../components/crawl-runs.js";
import { type Flash, layout, pageHead } from "../components/layout.js";
import type { CrawlRunSummary } from "../crawl-console.js";
import { html } from "../html.js";
import { allowed, type ViewContext } from "../view-context.js";

export function crawlsPage(
  context: ViewContext,
  view: { runs?: CrawlRunSummary[] | undefined; platforms: string[]; flash?: Flash | undefined },
): string {
  const start =
    view.runs && allowed(context, "operate") && view.platforms.length
      ? html`<form class="actions" method="post" action="/ui/crawls">
          <select name="platform" aria-label="Platform">${view.platforms.map((p) => html`<option value="${p}">${p}</option>`)}</select>
          <button class="btn primary" type="submit">Start a crawl</button>
        </form>`
      : undefined;
  const body = html`
    ${pageHead("Crawls", "Catalog crawls: what each run found and submitted, and what went wrong.", start)}
    <section class="card">${
      view.runs
        ? crawlRunsTable(view.runs, context.now)
        : html`<div class="empty"><strong>The crawler is not configured on this server</strong>
            Posters arrive through <span class="mono">POST /jobs</span>; crawl runs appear here once a crawler is set up.</div>`
    }</section>`;
  return layout(context, { title: "Crawls", body, flash: view.flash });
}
