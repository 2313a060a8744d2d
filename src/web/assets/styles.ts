/** The dashboard's stylesheet, served from /ui/assets/ (no inline styles: the CSP forbids them). */
export const STYLES = `
:root {
  --bg: #f4f5f7; --surface: #fff; --border: #e2e5ea; --border-strong: #cfd4dc;
  --text: #18202c; --muted: #5d6877; --faint: #8a94a3;
  --accent: #4338ca; --accent-soft: #eef0ff; --nav: #111827; --nav-text: #c7cdd8;
  --ok: #166534; --ok-bg: #dcfce7; --bad: #b91c1c; --bad-bg: #fee2e2;
  --wait: #1e40af; --wait-bg: #dbeafe; --fail: #9a3412; --fail-bg: #ffedd5;
  --human: #6d28d9; --human-bg: #ede9fe;
  --sev-critical: #7f1d1d; --sev-high: #dc2626; --sev-medium: #d97706; --sev-low: #0284c7;
  --radius: 10px; --shadow: 0 1px 2px rgba(16, 24, 40, .06), 0 1px 3px rgba(16, 24, 40, .08);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Liberation Sans", Arial, sans-serif;
  font-size: 14px; line-height: 1.45; color: var(--text); background: var(--bg);
}
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
code, pre, .mono { font-family: "DejaVu Sans Mono", ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
h1 { font-size: 22px; margin: 0; letter-spacing: -.01em; }
h2 { font-size: 16px; margin: 0 0 12px; }
h3 { font-size: 14px; margin: 0 0 8px; }
.muted { color: var(--muted); }
.faint { color: var(--faint); }
.nowrap { white-space: nowrap; }
.right { text-align: right; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }

/* top bar */
.topbar { background: var(--nav); color: var(--nav-text); position: sticky; top: 0; z-index: 20; }
.topbar-inner { max-width: 1360px; margin: 0 auto; padding: 0 24px; display: flex; align-items: center; gap: 28px; height: 56px; }
.brand { display: flex; align-items: center; gap: 9px; color: #fff; font-weight: 700; font-size: 16px; letter-spacing: -.01em; }
.brand:hover { text-decoration: none; }
.brand svg { width: 24px; height: 24px; }
.nav { display: flex; gap: 2px; flex: 1; overflow-x: auto; }
.nav a { color: var(--nav-text); padding: 7px 11px; border-radius: 7px; white-space: nowrap; font-weight: 500; }
.nav a:hover { background: rgba(255,255,255,.08); color: #fff; text-decoration: none; }
.nav a.active { background: rgba(255,255,255,.14); color: #fff; }
.user { display: flex; align-items: center; gap: 10px; white-space: nowrap; }
.user .who { color: #fff; font-weight: 600; }
.user .role { font-size: 11px; text-transform: uppercase; letter-spacing: .06em; color: #a5b4fc; border: 1px solid #4f46e5; border-radius: 999px; padding: 1px 8px; }
.user form { margin: 0; }
.user button { background: transparent; color: var(--nav-text); border: 1px solid #374151; border-radius: 7px; padding: 5px 10px; cursor: pointer; font: inherit; }
.user button:hover { color: #fff; border-color: #6b7280; }
.banner { background: #fef3c7; color: #78350f; border-bottom: 1px solid #fcd34d; }
.banner-inner { max-width: 1360px; margin: 0 auto; padding: 9px 24px; display: flex; gap: 10px; align-items: center; font-weight: 500; }

/* page */
.page { max-width: 1360px; margin: 0 auto; padding: 24px 24px 64px; }
.page-head { display: flex; align-items: flex-end; justify-content: space-between; gap: 16px; margin-bottom: 20px; flex-wrap: wrap; }
.page-head p { margin: 4px 0 0; color: var(--muted); }
.actions { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
.card { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); box-shadow: var(--shadow); padding: 18px 20px; }
.card + .card, .stack > * + * { margin-top: 16px; }
.card-head { display: flex; justify-content: space-between; align-items: baseline; gap: 12px; margin-bottom: 12px; }
.card-head h2 { margin: 0; }
.grid-2 { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 16px; align-items: start; }
.grid-3 { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 16px; align-items: start; }
.grid-2 > .card + .card, .grid-3 > .card + .card { margin-top: 0; }
.grid-2 + .grid-2, .card + .grid-2, .grid-2 + .card { margin-top: 16px; }
.wrap { overflow-wrap: anywhere; }
@media (max-width: 1000px) { .grid-2, .grid-3 { grid-template-columns: 1fr; } }

/* KPIs */
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 14px; margin-bottom: 16px; }
.kpi { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); box-shadow: var(--shadow); padding: 14px 16px; display: block; color: inherit; }
a.kpi:hover { text-decoration: none; border-color: var(--border-strong); }
.kpi .label { color: var(--muted); font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: .05em; }
.kpi .value { font-size: 26px; font-weight: 700; margin-top: 4px; letter-spacing: -.02em; }
.kpi .sub { color: var(--muted); font-size: 12.5px; margin-top: 2px; }
.kpi.good .value { color: var(--ok); } .kpi.bad .value { color: var(--bad); } .kpi.warn .value { color: var(--fail); }

/* tables */
table.data { width: 100%; border-collapse: collapse; }
table.data th { text-align: left; font-size: 11.5px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); font-weight: 600; padding: 8px 10px; border-bottom: 1px solid var(--border); white-space: nowrap; }
table.data td { padding: 9px 10px; border-bottom: 1px solid #eef0f3; vertical-align: top; }
table.data tr:last-child td { border-bottom: none; }
table.data tbody tr:hover td { background: #fafbfc; }
table.data.compact th, table.data.compact td { padding-left: 6px; padding-right: 6px; }
table.data.small td { font-size: 12.5px; }
table.data td.num, table.data th.num { text-align: right; font-variant-numeric: tabular-nums; }
.table-wrap { overflow-x: auto; }
.bar { width: 120px; height: 8px; display: inline-block; vertical-align: middle; }
.bar .track { fill: #edf0f4; } .bar .fill-ok { fill: #22c55e; } .bar .fill-bad { fill: #ef4444; } .bar .fill-accent { fill: #6366f1; }

/* badges */
.badge { display: inline-flex; align-items: center; gap: 4px; padding: 2px 8px; border-radius: 999px; font-size: 11.5px; font-weight: 600; line-height: 18px; white-space: nowrap; border: 1px solid transparent; }
.badge.compliant { color: var(--ok); background: var(--ok-bg); border-color: #bbf7d0; }
.badge.violating { color: var(--bad); background: var(--bad-bg); border-color: #fecaca; }
.badge.pending { color: var(--wait); background: var(--wait-bg); border-color: #bfdbfe; }
.badge.failed { color: var(--fail); background: var(--fail-bg); border-color: #fed7aa; }
.badge.human { color: var(--human); background: var(--human-bg); border-color: #ddd6fe; }
.badge.neutral { color: var(--muted); background: #f1f3f6; border-color: var(--border); }
.badge.sev-CRITICAL { background: var(--sev-critical); color: #fff; }
.badge.sev-HIGH { background: var(--sev-high); color: #fff; }
.badge.sev-MEDIUM { background: #fef3c7; color: #92400e; border-color: #fcd34d; }
.badge.sev-LOW { background: #e0f2fe; color: #075985; border-color: #bae6fd; }
.badge.overturned { background: #f3f4f6; color: var(--faint); border-color: var(--border); text-decoration: line-through; }
.chip { display: inline-block; padding: 1px 7px; border-radius: 6px; background: #f1f3f6; color: #3b4452; font-size: 11.5px; font-weight: 500; border: 1px solid var(--border); }
.dot { width: 8px; height: 8px; border-radius: 50%; display: inline-block; }
.dot.sev-CRITICAL { background: var(--sev-critical); } .dot.sev-HIGH { background: var(--sev-high); }
.dot.sev-MEDIUM { background: var(--sev-medium); } .dot.sev-LOW { background: var(--sev-low); }

/* buttons and forms */
.btn { display: inline-flex; align-items: center; gap: 6px; font: inherit; font-weight: 600; font-size: 13px; padding: 7px 13px; border-radius: 8px; border: 1px solid var(--border-strong); background: var(--surface); color: var(--text); cursor: pointer; white-space: nowrap; }
.btn:hover { background: #f7f8fa; text-decoration: none; }
.btn.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
.btn.primary:hover { background: #3730a3; }
.btn.confirm { background: #f0fdf4; border-color: #86efac; color: var(--ok); }
.btn.confirm:hover { background: #dcfce7; }
.btn.danger { background: #fff1f2; border-color: #fda4af; color: #be123c; }
.btn.danger:hover { background: #ffe4e6; }
.btn.small { padding: 4px 9px; font-size: 12px; }
.btn[disabled] { opacity: .5; cursor: not-allowed; }
input[type=text], input[type=search], input[type=password], select, textarea {
  font: inherit; color: inherit; background: #fff; border: 1px solid var(--border-strong); border-radius: 8px; padding: 7px 10px; min-width: 0; }
input:focus, select:focus, textarea:focus, .btn:focus-visible { outline: 2px solid #a5b4fc; outline-offset: 1px; border-color: #818cf8; }
textarea { width: 100%; resize: vertical; min-height: 58px; }
label.field { display: flex; flex-direction: column; gap: 4px; font-size: 12px; font-weight: 600; color: var(--muted); }
.filters { display: flex; flex-wrap: wrap; gap: 10px; align-items: flex-end; }
.filters .grow { flex: 1 1 220px; }
.filters .grow input { width: 100%; }
.flash { border-radius: var(--radius); padding: 11px 14px; margin-bottom: 16px; font-weight: 500; border: 1px solid; }
.flash.ok { background: #f0fdf4; border-color: #bbf7d0; color: var(--ok); }
.flash.error { background: #fef2f2; border-color: #fecaca; color: var(--bad); }
.empty { text-align: center; color: var(--muted); padding: 40px 20px; }
.empty strong { display: block; color: var(--text); font-size: 15px; margin-bottom: 4px; }

/* gallery */
.result-bar { display: flex; justify-content: space-between; align-items: center; margin: 18px 0 12px; gap: 12px; flex-wrap: wrap; }
.posters { display: grid; grid-template-columns: repeat(auto-fill, minmax(178px, 1fr)); gap: 16px; }
.poster-card { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); box-shadow: var(--shadow); overflow: hidden; display: flex; flex-direction: column; color: inherit; transition: box-shadow .12s, transform .12s; }
.poster-card:hover { text-decoration: none; box-shadow: 0 6px 16px rgba(16,24,40,.12); transform: translateY(-1px); }
.thumb { position: relative; aspect-ratio: 2 / 3; background: #e9ecf1; display: flex; align-items: center; justify-content: center; }
.thumb img { width: 100%; height: 100%; object-fit: contain; display: block; color: transparent; }
.thumb .status { position: absolute; left: 8px; top: 8px; box-shadow: 0 1px 2px rgba(0,0,0,.15); }
.thumb .reviewed { position: absolute; right: 8px; top: 8px; box-shadow: 0 1px 2px rgba(0,0,0,.15); }
.poster-card .body { padding: 10px 11px 12px; display: flex; flex-direction: column; gap: 6px; }
.poster-card .title { font-weight: 600; overflow: hidden; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; }
.poster-card .title.untitled { color: var(--faint); font-weight: 500; }
.poster-card .meta { display: flex; flex-wrap: wrap; gap: 4px; }
.pager { display: flex; justify-content: center; gap: 10px; margin-top: 24px; align-items: center; }

/* poster page */
.poster-layout { display: grid; grid-template-columns: minmax(300px, 5fr) minmax(0, 7fr); gap: 20px; align-items: start; }
@media (max-width: 1000px) { .poster-layout { grid-template-columns: 1fr; } }
.viewer { position: sticky; top: 76px; }
.layer-toggle { position: absolute; opacity: 0; pointer-events: none; }
.layer-bar { display: flex; gap: 6px; flex-wrap: wrap; margin-bottom: 10px; }
.layer-bar label { cursor: pointer; user-select: none; padding: 4px 10px; border-radius: 999px; font-size: 12px; font-weight: 600; border: 1px solid var(--border-strong); color: var(--muted); background: #fff; }
#layer-violations:checked ~ .layer-bar label[for=layer-violations],
#layer-ocr:checked ~ .layer-bar label[for=layer-ocr],
#layer-zones:checked ~ .layer-bar label[for=layer-zones] { background: var(--accent-soft); border-color: #a5b4fc; color: var(--accent); }
#layer-violations:not(:checked) ~ .figure .layer-violations,
#layer-ocr:not(:checked) ~ .figure .layer-ocr,
#layer-zones:not(:checked) ~ .figure .layer-zones { display: none; }
.figure { position: relative; border-radius: var(--radius); overflow: hidden; background: #1f2430; border: 1px solid var(--border); }
.figure img { display: block; width: 100%; height: auto; }
.figure svg.overlay { position: absolute; inset: 0; width: 100%; height: 100%; }
.overlay rect.box { fill-opacity: .16; stroke-width: 2.5; vector-effect: non-scaling-stroke; }
.overlay .sev-CRITICAL rect.box { fill: #7f1d1d; stroke: #fca5a5; }
.overlay .sev-HIGH rect.box { fill: #dc2626; stroke: #f87171; }
.overlay .sev-MEDIUM rect.box { fill: #f59e0b; stroke: #fbbf24; }
.overlay .sev-LOW rect.box { fill: #0ea5e9; stroke: #38bdf8; }
.overlay .overturned rect.box { fill: #9ca3af; stroke: #d1d5db; stroke-dasharray: 6 4; }
.overlay .layer-ocr rect.box { fill: #22d3ee; fill-opacity: .08; stroke: #22d3ee; stroke-width: 1.2; stroke-dasharray: 3 2; }
.overlay .layer-zones rect.box { fill: none; stroke: #e879f9; stroke-width: 1.5; stroke-dasharray: 8 5; }
.overlay text { font-family: system-ui, "Liberation Sans", Arial, sans-serif; font-weight: 700; fill: #fff; paint-order: stroke; stroke: rgba(0,0,0,.75); stroke-width: 3px; }
.overlay.focus g.evidence { opacity: .22; }
.overlay.focus g.evidence.highlight { opacity: 1; }
.image-meta { display: flex; justify-content: space-between; margin-top: 8px; color: var(--muted); font-size: 12.5px; }
.verdicts { display: flex; gap: 24px; flex-wrap: wrap; align-items: flex-start; }
.verdict { display: flex; flex-direction: column; gap: 4px; }
.verdict .label { font-size: 11.5px; color: var(--muted); font-weight: 600; text-transform: uppercase; letter-spacing: .05em; }
.verdict .badge { font-size: 13px; padding: 4px 12px; }
.violation { border: 1px solid var(--border); border-left: 4px solid var(--sev-low); border-radius: 8px; padding: 12px 14px; background: #fff; }
.violation + .violation { margin-top: 10px; }
.violation.sev-CRITICAL { border-left-color: var(--sev-critical); } .violation.sev-HIGH { border-left-color: var(--sev-high); }
.violation.sev-MEDIUM { border-left-color: var(--sev-medium); } .violation.sev-LOW { border-left-color: var(--sev-low); }
.violation.is-overturned { background: #fafafa; border-left-color: #9ca3af; }
.violation.is-overturned .v-title { text-decoration: line-through; color: var(--muted); }
.violation:hover { box-shadow: var(--shadow); }
.v-head { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.v-title { font-weight: 700; font-size: 14.5px; }
.v-message { margin: 6px 0 8px; }
.v-message::first-letter { text-transform: uppercase; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 3px 14px; font-size: 12.5px; margin: 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }
.decision { margin-top: 10px; padding: 8px 10px; border-radius: 8px; background: var(--human-bg); color: #4c1d95; font-size: 12.5px; }
.review-form { margin-top: 10px; display: flex; flex-direction: column; gap: 8px; }
.review-form .row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
details.review summary { cursor: pointer; color: var(--accent); font-weight: 600; font-size: 12.5px; margin-top: 8px; }
details.raw summary { cursor: pointer; font-weight: 600; }
details.raw pre { max-height: 360px; overflow: auto; background: #f8f9fb; border: 1px solid var(--border); border-radius: 8px; padding: 10px; }
.timeline { list-style: none; margin: 0; padding: 0; }
.timeline li { display: grid; grid-template-columns: 28px 1fr; gap: 10px; padding: 10px 0; border-bottom: 1px solid #eef0f3; }
.timeline li:last-child { border-bottom: none; }
.avatar { width: 28px; height: 28px; border-radius: 50%; background: var(--human-bg); color: var(--human); display: flex; align-items: center; justify-content: center; font-weight: 700; font-size: 12px; }
.timeline .what { font-weight: 600; }
.timeline .note { margin-top: 3px; color: #2d3542; white-space: pre-wrap; }
.hash { font-family: "DejaVu Sans Mono", ui-monospace, monospace; font-size: 12px; color: var(--muted); }

/* sign-in */
.signin { max-width: 420px; margin: 72px auto; }
.signin .card { padding: 28px; }
.signin h1 { margin-bottom: 6px; }
.signin form { display: flex; flex-direction: column; gap: 12px; margin-top: 18px; }
.signin input { width: 100%; }
`;
