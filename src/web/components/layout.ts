import { OPEN_ACCESS_NOTICE } from "../../auth/bind-rule.js";
import { ASSETS } from "../assets/asset-urls.js";
import { SHIELD_SVG } from "../assets/favicon.js";
import { html, type SafeHtml, trusted } from "../html.js";
import type { Section, ViewContext } from "../view-context.js";

const NAV: { section: Section; label: string; href: string }[] = [
  { section: "overview", label: "Overview", href: "/" },
  { section: "posters", label: "Posters", href: "/ui/posters" },
  { section: "queue", label: "Review queue", href: "/ui/posters?status=violating&reviewed=no" },
  { section: "audit", label: "Audit trail", href: "/ui/audit" },
  { section: "crawls", label: "Crawls", href: "/ui/crawls" },
  { section: "dlq", label: "Dead letters", href: "/ui/dlq" },
  { section: "policy", label: "Policy", href: "/ui/policy" },
];

export interface Flash {
  kind: "ok" | "error";
  message: string;
}

function userArea(context: ViewContext): SafeHtml {
  const who = context.principal;
  if (!who) return html`<div class="user"><a class="btn small" href="/sign-in">Sign in</a></div>`;
  return html`<div class="user">
    <span class="who">${who.name}</span><span class="role">${who.via === "open" ? "open access" : who.role}</span>
    ${
      who.via === "session"
        ? html`<form method="post" action="/sign-out"><button type="submit">Sign out</button></form>`
        : ""
    }
  </div>`;
}

/** The page shell: head, top bar with navigation, the open-access banner, flash, content. */
export function layout(
  context: ViewContext,
  page: { title: string; body: SafeHtml; flash?: Flash | undefined; refreshSeconds?: number },
): string {
  const nav = NAV.map(
    (item) =>
      html`<a href="${item.href}" class="${item.section === context.section ? "active" : ""}"
        ${item.section === context.section ? trusted('aria-current="page"') : ""}>${item.label}</a>`,
  );
  return `<!doctype html>${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · PosterGuard</title>
<link rel="icon" href="${ASSETS.icon.path}" type="image/svg+xml">
<link rel="stylesheet" href="${ASSETS.styles.path}">
<script src="${ASSETS.script.path}" defer></script>
</head>
<body>
<header class="topbar"><div class="topbar-inner">
  <a class="brand" href="/">${trusted(SHIELD_SVG)}<span>PosterGuard</span></a>
  <nav class="nav" aria-label="Main">${nav}</nav>
  ${userArea(context)}
</div></header>
${
  context.openAccess
    ? html`<div class="banner" role="status"><div class="banner-inner">⚠ ${OPEN_ACCESS_NOTICE}</div></div>`
    : ""
}
<main class="page" ${page.refreshSeconds ? trusted(`data-refresh-seconds="${Math.trunc(page.refreshSeconds)}"`) : ""}>
${page.flash ? html`<div class="flash ${page.flash.kind}" role="status">${page.flash.message}</div>` : ""}
${page.body}
</main>
</body>
</html>`}`;
}

export function pageHead(title: string, subtitle?: string | SafeHtml, actions?: SafeHtml): SafeHtml {
  return html`<div class="page-head">
    <div><h1>${title}</h1>${subtitle ? html`<p>${subtitle}</p>` : ""}</div>
    ${actions ? html`<div class="actions">${actions}</div>` : ""}
  </div>`;
}

/** A bare page for sign-in and refusals: no navigation. */
export function barePage(title: string, body: SafeHtml): string {
  return `<!doctype html>${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · PosterGuard</title>
<link rel="icon" href="${ASSETS.icon.path}" type="image/svg+xml">
<link rel="stylesheet" href="${ASSETS.styles.path}">
</head>
<body>
<header class="topbar"><div class="topbar-inner">
  <a class="brand" href="/">${trusted(SHIELD_SVG)}<span>PosterGuard</span></a>
</div></header>
<main class="page">${body}</main>
</body>
</html>`}`;
}
