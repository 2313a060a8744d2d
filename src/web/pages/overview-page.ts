import type { JobStatus } from "../../domain/job.js";
import type { IndexStats } from "../../ports/poster-index.js";
import type { ReviewDecision } from "../../ports/review-store.js";
import { decisionSummary } from "../components/audit-list.js";
import { codeBadge, shareBar } from "../components/badges.js";
import { crawlRunsTable } from "../components/crawl-runs.js";
import { layout, pageHead } from "../components/layout.js";
import type { CrawlRunSummary } from "../crawl-console.js";
import { formatNumber, percent, plural, timeAgo } from "../format.js";
import { href, html } from "../html.js";
import type { ViewContext } from "../view-context.js";

export interface OverviewView {
  stats: IndexStats;
  awaitingReview: number;
  jobs: Record<JobStatus, number>;
  queue: { visible: number; inFlight: number; delayed: number };
  deadLetters: number;
  recentDecisions: ReviewDecision[];
  crawls?: CrawlRunSummary[] | undefined;
}

export function overviewPage(context: ViewContext, view: OverviewView): string {
  const { stats } = view;
  const checked = stats.byStatus.compliant + stats.byStatus.violating;
  const queued = view.queue.visible + view.queue.inFlight + view.queue.delayed;
  const reviewed = stats.byReview.confirmed + stats.byReview.overturned;
  const body = html`
    ${pageHead("Overview", "Posters checked, how they fare per platform and per rule, and the work in progress.")}
    <div class="kpis">
      <a class="kpi" href="/ui/posters"><div class="label">Posters checked</div><div class="value" data-testid="kpi-checked">${formatNumber(checked)}</div>
        <div class="sub">${formatNumber(stats.posters)} seen in all</div></a>
      <a class="kpi good" href="/ui/posters?status=compliant"><div class="label">Compliance rate</div><div class="value">${percent(stats.byStatus.compliant, checked)}</div>
        <div class="sub">${formatNumber(stats.byStatus.compliant)} compliant</div></a>
      <a class="kpi bad" href="/ui/posters?status=violating"><div class="label">Violating</div><div class="value">${formatNumber(stats.byStatus.violating)}</div>
        <div class="sub">${formatNumber(view.awaitingReview)} awaiting review</div></a>
      <a class="kpi" href="/ui/audit"><div class="label">Reviewed</div><div class="value">${formatNumber(reviewed)}</div>
        <div class="sub">${formatNumber(stats.byReview.overturned)} overturned</div></a>
      <div class="kpi"><div class="label">Queue</div><div class="value" data-testid="kpi-queue">${formatNumber(queued)}</div>
        <div class="sub">${formatNumber(view.queue.inFlight)} in flight · ${formatNumber(view.queue.delayed)} delayed</div></div>
      <a class="kpi ${view.deadLetters > 0 ? "warn" : ""}" href="/ui/dlq"><div class="label">Dead letters</div><div class="value" data-testid="kpi-dlq">${formatNumber(view.deadLetters)}</div>
        <div class="sub">${plural(view.jobs.FAILED, "failed job")}</div></a>
    </div>
    <div class="grid-2">
      <section class="card">
        <div class="card-head"><h2>Compliance by platform</h2></div>
        ${
          stats.byPlatform.length
            ? html`<div class="table-wrap"><table class="data" data-testid="by-platform">
            <thead><tr><th>Platform</th><th class="num">Posters</th><th class="num">Violating</th><th>Compliance</th></tr></thead>
            <tbody>${stats.byPlatform.map((p) => {
              const done = p.compliant + p.violating;
              return html`<tr><td><a href="${href("/ui/posters", { platform: p.platform })}">${p.platform}</a></td>
                <td class="num">${formatNumber(p.posters)}</td>
                <td class="num"><a href="${href("/ui/posters", { platform: p.platform, status: "violating" })}">${formatNumber(p.violating)}</a></td>
                <td class="nowrap">${shareBar(p.compliant, done, "ok")} <span class="muted">${percent(p.compliant, done)}</span></td></tr>`;
            })}</tbody></table></div>`
            : html`<p class="muted">No posters yet.</p>`
        }
      </section>
      <section class="card">
        <div class="card-head"><h2>Violations by rule</h2><span class="muted">share of checked posters</span></div>
        ${
          stats.byCode.length
            ? html`<div class="table-wrap"><table class="data" data-testid="by-code">
            <thead><tr><th>Rule</th><th class="num">Posters</th><th>Share</th></tr></thead>
            <tbody>${stats.byCode.map(
              (
                c,
              ) => html`<tr><td><a href="${href("/ui/posters", { code: c.code })}">${codeBadge({ code: c.code, severity: c.maxSeverity })}</a></td>
                <td class="num">${formatNumber(c.posters)}</td>
                <td class="nowrap">${shareBar(c.posters, checked, "bad")} <span class="muted">${percent(c.posters, checked)}</span></td></tr>`,
            )}</tbody></table></div>`
            : html`<p class="muted">No violations raised.</p>`
        }
      </section>
    </div>
    <div class="grid-2">
      <section class="card">
        <div class="card-head"><h2>Last crawls</h2><a href="/ui/crawls">All crawls →</a></div>
        ${view.crawls ? crawlRunsTable(view.crawls.slice(0, 5), context.now, { compact: true }) : html`<p class="muted">The crawler is not configured on this server.</p>`}
      </section>
      <section class="card">
        <div class="card-head"><h2>Recent reviews</h2><a href="/ui/audit">Audit trail →</a></div>
        ${
          view.recentDecisions.length
            ? html`<ol class="timeline">${view.recentDecisions.map(
                (
                  d,
                ) => html`<li><div class="avatar" aria-hidden="true">${d.reviewer.name.slice(0, 1).toUpperCase()}</div>
                  <div><span class="what">${d.reviewer.name}</span> ${decisionSummary(d)} on
                  <a href="/ui/posters/${d.posterHash}">${d.posterHash.slice(0, 10)}</a>
                  <span class="muted">· ${timeAgo(d.decidedAt, context.now)}</span></div></li>`,
              )}</ol>`
            : html`<p class="muted">No reviews yet. Start with the <a href="/ui/posters?status=violating&amp;reviewed=no">review queue</a>.</p>`
        }
      </section>
    </div>`;
  return layout(context, { title: "Overview", body });
}
