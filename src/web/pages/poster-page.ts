import type { ComplianceResult } from "../../domain/compliance-result.js";
import type { Observation } from "../../domain/observation.js";
import type { Policy } from "../../domain/policy.js";
import type { SightingSummary } from "../../ports/job-store.js";
import type { PosterIndexEntry } from "../../ports/poster-index.js";
import type { ReviewDecision } from "../../ports/review-store.js";
import type { PosterVerdict } from "../../services/poster-index-service.js";
import type { PosterReview } from "../../services/review-service.js";
import { auditTimeline } from "../components/audit-list.js";
import { humanBadge, statusBadge } from "../components/badges.js";
import { countEvidence, evidenceOverlay, type Size } from "../components/evidence-overlay.js";
import { type Flash, layout, pageHead } from "../components/layout.js";
import { decisionNote, posterReviewForm } from "../components/review-forms.js";
import { violationCard } from "../components/violation-card.js";
import { formatDate, formatDuration, formatShortDate, shortHash, timeAgo } from "../format.js";
import { externalHref, html, type SafeHtml } from "../html.js";
import { allowed, type ViewContext } from "../view-context.js";

export interface PosterPageView {
  posterHash: string;
  entry?: PosterIndexEntry | undefined;
  verdict: PosterVerdict;
  decisions: ReviewDecision[];
  review: PosterReview;
  observations: Observation[];
  sightings: SightingSummary[];
  policy?: Policy | undefined;
  size?: Size | undefined;
  flash?: Flash | undefined;
}

function link(url: string | undefined): SafeHtml {
  const safe = externalHref(url);
  if (!url) return html`—`;
  return safe
    ? html`<a href="${safe}" rel="noopener noreferrer nofollow" target="_blank" class="mono wrap">${url}</a>`
    : html`<span class="mono wrap">${url}</span>`;
}

function viewer(view: PosterPageView): SafeHtml {
  const violations = view.verdict.result?.violations ?? [];
  const overturned = new Set(
    Object.values(view.review.violations)
      .filter((d) => d?.action === "overturn")
      .map((d) => d?.code ?? ""),
  );
  const counts = countEvidence({ violations, observations: view.observations, policy: view.policy });
  const image = html`<img src="/posters/${view.posterHash}/image" alt="The poster"
      ${view.size ? html`width="${view.size.width}" height="${view.size.height}"` : ""}>`;
  return html`<div class="viewer">
    <input type="checkbox" class="layer-toggle" id="layer-violations" checked>
    <input type="checkbox" class="layer-toggle" id="layer-ocr" checked>
    <input type="checkbox" class="layer-toggle" id="layer-zones">
    <div class="layer-bar" aria-label="Evidence layers">
      <label for="layer-violations">Violations · ${counts.violationBoxes}</label>
      <label for="layer-ocr">OCR text · ${counts.ocrBoxes}</label>
      <label for="layer-zones">Safe zones · ${counts.zones}</label>
    </div>
    <div class="figure">
      ${image}
      ${
        view.size
          ? evidenceOverlay({
              size: view.size,
              violations,
              overturned,
              observations: view.observations,
              policy: view.policy,
            })
          : ""
      }
    </div>
    <div class="image-meta">
      <span>${view.size ? `${view.size.width} × ${view.size.height} px` : ""}</span>
      <a href="/posters/${view.posterHash}/image" target="_blank" rel="noopener">Open full size ↗</a>
    </div>
  </div>`;
}

function verdictCard(context: ViewContext, view: PosterPageView): SafeHtml {
  const { verdict, review } = view;
  const result = verdict.result;
  const status =
    view.entry?.status ?? (result ? (result.isCompliant ? "compliant" : "violating") : "pending");
  const job = verdict.job;
  return html`<section class="card" id="review">
    <div class="verdicts">
      <div class="verdict"><span class="label">Machine verdict</span>${statusBadge(status)}</div>
      <div class="verdict"><span class="label">Human verdict</span>${
        review.humanVerdict
          ? html`<span class="badge human" data-testid="human-verdict">${review.humanVerdict === "compliant" ? "Compliant" : "Violating"} · ${review.state}</span>`
          : review.state === "partial"
            ? humanBadge(undefined, "partial")
            : html`<span class="badge neutral">Not reviewed</span>`
      }</div>
      <div class="verdict"><span class="label">Policy</span><span>${result ? html`${result.policy.id} <span class="mono faint">${result.policy.version.slice(0, 8)}</span>` : "—"}</span></div>
      <div class="verdict"><span class="label">Checked</span><span title="${formatDate(result?.checkedAt)}">${result ? timeAgo(result.checkedAt, context.now) : job.status.toLowerCase()}</span></div>
    </div>
    ${
      !result && job.error
        ? html`<div class="flash error">The check failed: <span class="mono">${job.error.code}</span> ${job.error.message}</div>`
        : ""
    }
    ${review.poster ? decisionNote(review.poster, context.now) : ""}
    ${
      result && allowed(context, "review")
        ? html`<details class="review" ${review.state === "unreviewed" && result.violations.length === 0 ? html`open` : ""}>
            <summary>Review the whole poster</summary>${posterReviewForm(view.posterHash, result.isCompliant)}
          </details>`
        : ""
    }
  </section>`;
}

function violationsSection(context: ViewContext, view: PosterPageView): SafeHtml {
  const result = view.verdict.result;
  if (!result) {
    return html`<section class="card"><h2>Violations</h2><p class="muted">No verdict yet: the poster is ${view.verdict.job.status.toLowerCase()}.</p></section>`;
  }
  const versions = new Map(result.detectors.map((d) => [d.id, d.version]));
  const policyNote =
    view.policy && view.policy.version !== result.policy.version
      ? html`<p class="muted">Judged under policy version ${result.policy.version.slice(0, 8)}; the rules shown are those in force now (${view.policy.version.slice(0, 8)}).</p>`
      : "";
  return html`<section class="card">
    <div class="card-head"><h2>Violations</h2><span class="muted">${result.violations.length} raised by ${result.detectors
      .map((d) => `${d.id} ${d.version}`)
      .join(", ")}</span></div>
    ${policyNote}
    ${
      result.violations.length
        ? result.violations.map((violation) =>
            violationCard({
              posterHash: view.posterHash,
              violation,
              detectorVersion: versions.get(violation.detector),
              policy: view.policy,
              decision: view.review.violations[violation.code],
              canReview: allowed(context, "review"),
              now: context.now,
            }),
          )
        : result.notChecked?.length
          ? html`<p class="muted">No rule fired among the codes checked.</p>`
          : html`<p class="muted">No rule fired: the machine found this poster compliant.</p>`
    }
    ${notCheckedNote(result)}
  </section>`;
}

/** The codes the verdict does not cover: the policy enables them but no enabled detector raises them. */
function notCheckedNote(result: ComplianceResult): SafeHtml | string {
  if (result.notChecked === undefined) {
    return html`<p class="muted" data-testid="not-checked">Codes left unchecked: not recorded for this verdict (it was stored before PosterGuard recorded them).</p>`;
  }
  if (result.notChecked.length === 0) return "";
  return html`<div data-testid="not-checked">
    <p><strong>Not checked:</strong> ${result.notChecked.map((code) => html`<span class="chip">${code}</span> `)}</p>
    <p class="muted">The policy enables these codes but no enabled detector raises them, so the machine verdict says nothing about them. A vision model adds them: see DETECTORS in the README.</p>
  </div>`;
}

function observationsSection(view: PosterPageView): SafeHtml {
  return html`<section class="card">
    <h2>Observations</h2>
    ${
      view.observations.length
        ? view.observations.map(
            (o) => html`<details class="raw">
              <summary>${o.detector} <span class="faint">${o.version} · ${formatDuration(o.durationMs)}</span></summary>
              <pre>${JSON.stringify(o.data, null, 2)}</pre>
            </details>`,
          )
        : html`<p class="muted">No detector has looked at this poster yet.</p>`
    }
  </section>`;
}

function sightingsSection(view: PosterPageView): SafeHtml {
  return html`<section class="card">
    <h2>Where it appears</h2>
    <div class="table-wrap"><table class="data small" data-testid="sightings">
      <thead><tr><th>Platform</th><th>Poster URL</th><th>Page</th><th>First seen</th><th>Last seen</th><th class="num">Times</th></tr></thead>
      <tbody>${view.sightings.map(
        (
          s,
        ) => html`<tr><td><span class="chip">${s.platform}</span></td><td>${link(s.posterUrl)}</td><td>${link(s.pageUrl)}</td>
          <td class="nowrap" title="${formatDate(s.firstSeenAt)}">${formatShortDate(s.firstSeenAt)}</td>
          <td class="nowrap" title="${formatDate(s.lastSeenAt)}">${formatShortDate(s.lastSeenAt)}</td><td class="num">${s.timesSeen}</td></tr>`,
      )}</tbody>
    </table></div>
  </section>`;
}

function jobsSection(view: PosterPageView): SafeHtml {
  const errors = view.verdict.jobs.some((j) => j.error);
  return html`<section class="card">
    <h2>Job history</h2>
    <div class="table-wrap"><table class="data small" data-testid="jobs">
      <thead><tr><th>Job</th><th>Status</th><th>Policy</th><th class="num">Attempts</th><th>Created</th><th class="num">Took</th>${errors ? html`<th>Error</th>` : ""}</tr></thead>
      <tbody>${view.verdict.jobs.map(
        (j) => html`<tr><td><span class="mono">${j.jobId}</span><div class="faint">${j.platform}</div></td>
          <td>${j.status === "COMPLETED" ? statusBadge(j.result?.isCompliant === false ? "violating" : "compliant") : statusBadge(j.status === "FAILED" ? "failed" : "pending")}</td>
          <td class="mono">${j.policyVersion.slice(0, 8)}</td><td class="num">${j.attempts}</td>
          <td class="nowrap" title="${formatDate(j.createdAt)}">${formatShortDate(j.createdAt)}</td><td class="num">${formatDuration(j.processingDurationMs)}</td>
          ${errors ? html`<td class="wrap">${j.error ? html`<span class="mono">${j.error.code}</span> ${j.error.message}` : ""}</td>` : ""}</tr>`,
      )}</tbody>
    </table></div>
  </section>`;
}

export function posterPage(context: ViewContext, view: PosterPageView): string {
  const title = view.entry?.title ?? `Poster ${shortHash(view.posterHash)}`;
  const platforms = view.entry?.platforms ?? [view.verdict.latest.platform];
  const subtitle = html`<span class="hash">${view.posterHash}</span> · ${platforms.join(", ")} · ${view.verdict.job.artworkType}`;
  const pending = view.verdict.job.status === "PENDING" || view.verdict.job.status === "PROCESSING";
  const body = html`
    ${pageHead(title, subtitle, html`<a class="btn" href="/ui/posters">← All posters</a>`)}
    <div class="poster-layout">
      ${viewer(view)}
      <div class="stack">
        ${verdictCard(context, view)}
        ${violationsSection(context, view)}
        <section class="card"><h2>Audit trail</h2>${auditTimeline(view.decisions, context.now)}</section>
        ${sightingsSection(view)}
        ${jobsSection(view)}
        ${observationsSection(view)}
      </div>
    </div>`;
  return layout(context, { title, body, flash: view.flash, ...(pending ? { refreshSeconds: 3 } : {}) });
}
