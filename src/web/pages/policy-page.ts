import type { PolicyDocument } from "../../compliance/policy/policy-document.js";
import type { Policy } from "../../domain/policy.js";
import { VIOLATION_CODES } from "../../domain/violation.js";
import type { RejudgeReport } from "../../services/rejudge-posters.js";
import { severityBadge } from "../components/badges.js";
import { type Flash, layout, pageHead } from "../components/layout.js";
import { codeLabel, formatConfidence, formatNumber } from "../format.js";
import { href, html, type SafeHtml } from "../html.js";
import { allowed, type ViewContext } from "../view-context.js";

export interface PolicyView {
  document: PolicyDocument;
  resolved: Policy[];
  selected: Policy;
  report?: Partial<RejudgeReport> | undefined;
  flash?: Flash | undefined;
}

function rulesTable(policy: Policy): SafeHtml {
  const codes = VIOLATION_CODES.filter((code) => policy.rules[code]);
  return html`<div class="table-wrap"><table class="data" data-testid="rules">
    <thead><tr><th>Rule</th><th>Code</th><th>Enabled</th><th>Severity</th><th class="num">Fires at</th></tr></thead>
    <tbody>${codes.map((code) => {
      const rule = policy.rules[code];
      if (!rule) return "";
      return html`<tr class="${rule.enabled ? "" : "faint"}"><td>${codeLabel(code)}</td><td class="mono">${code}</td>
        <td>${rule.enabled ? html`<span class="badge compliant">on</span>` : html`<span class="badge neutral">off</span>`}</td>
        <td>${severityBadge(rule.severity)}</td><td class="num">${formatConfidence(rule.minConfidence)}</td></tr>`;
    })}</tbody></table></div>`;
}

function limits(policy: Policy): SafeHtml {
  const t = policy.technical;
  const a = policy.artwork;
  return html`<dl class="facts">
    <dt>Size</dt><dd>${t.minWidth} × ${t.minHeight} to ${t.maxWidth} × ${t.maxHeight} px</dd>
    <dt>Aspect ratios</dt><dd>${t.aspectRatios.map((r) => `${r.width}:${r.height}`).join(", ")} (±${formatConfidence(t.aspectRatioTolerance)})</dd>
    <dt>Largest file</dt><dd>${formatNumber(Math.round(t.maxBytes / 1024))} KiB</dd>
    <dt>Formats</dt><dd>${t.formats.join(", ")}</dd>
    <dt>Colour spaces</dt><dd>${t.colorSpaces.join(", ")}</dd>
    <dt>Text on the art</dt><dd>${a.textAllowed ? "allowed" : "not allowed"}${a.titleRequired ? " · the title must be readable" : ""}</dd>
    <dt>Safe zones</dt><dd>${a.safeZones.length ? a.safeZones.map((z) => z.name).join(", ") : "none"}</dd>
    <dt>Own brands</dt><dd>${policy.text.ownBrands.join(", ") || "—"}</dd>
  </dl>`;
}

export function policyPage(context: ViewContext, view: PolicyView): string {
  const rejudge = allowed(context, "operate")
    ? html`<form method="post" action="/ui/policy/rejudge" data-confirm="Re-judge every stored poster under the policy in force?">
        <button class="btn primary" type="submit">Re-judge all posters</button></form>`
    : undefined;
  const { selected } = view;
  const report = view.report;
  const body = html`
    ${pageHead(`Policy: ${view.document.id}`, view.document.description ?? "The rules every verdict is judged by.", rejudge)}
    ${
      report
        ? html`<div class="flash ok" role="status" data-testid="rejudge-report">Re-judged ${formatNumber(report.posters ?? 0)} posters:
            ${formatNumber(report.rejudged ?? 0)} new verdicts, ${formatNumber(report.changed ?? 0)} changed,
            ${formatNumber(report.current ?? 0)} already current, ${formatNumber(report.detectorRuns ?? 0)} detector runs,
            in ${formatNumber(report.durationMs ?? 0)} ms.</div>`
        : ""
    }
    <section class="card">
      <div class="card-head"><h2>Resolved for each platform and artwork type</h2></div>
      <div class="table-wrap"><table class="data" data-testid="resolved">
        <thead><tr><th>Platform</th><th>Artwork type</th><th>Preset</th><th>Version</th><th class="num">Rules on</th><th></th></tr></thead>
        <tbody>${view.resolved.map((p) => {
          const on = Object.values(p.rules).filter((r) => r?.enabled).length;
          const isSelected = p === selected;
          return html`<tr><td>${p.platform ?? html`<span class="muted">every platform</span>`}</td><td>${p.artworkType}</td>
            <td>${p.preset}</td><td class="mono">${p.version}</td><td class="num">${on}</td>
            <td class="right">${isSelected ? html`<span class="badge neutral">shown below</span>` : html`<a href="${href("/ui/policy", { platform: p.platform, artworkType: p.artworkType })}">Show rules</a>`}</td></tr>`;
        })}</tbody></table></div>
    </section>
    <div class="grid-2">
      <section class="card">
        <div class="card-head"><h2>Rules · ${selected.platform ?? "every platform"} · ${selected.artworkType}</h2><span class="mono faint">${selected.version}</span></div>
        ${rulesTable(selected)}
      </section>
      <section class="card">
        <h2>Limits and artwork rules</h2>
        ${limits(selected)}
        <details class="raw"><summary>The policy document</summary><pre>${JSON.stringify(view.document, null, 2)}</pre></details>
      </section>
    </div>`;
  return layout(context, { title: "Policy", body, flash: view.flash });
}
