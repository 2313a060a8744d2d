import type { PosterIndexEntry } from "../../ports/poster-index.js";
import { shortHash } from "../format.js";
import { html, type SafeHtml } from "../html.js";
import { codeBadge, humanBadge, statusBadge } from "./badges.js";

const MAX_CODES = 3;

export function posterCard(entry: PosterIndexEntry): SafeHtml {
  const shown = entry.violations.slice(0, MAX_CODES);
  const more = entry.violations.length - shown.length;
  const name = entry.title ?? `Untitled · ${shortHash(entry.posterHash)}`;
  return html`<a class="poster-card" href="/ui/posters/${entry.posterHash}" data-poster="${entry.posterHash}"
      data-status="${entry.status}">
    <div class="thumb">
      <img src="/posters/${entry.posterHash}/thumbnail" alt="${name}" loading="lazy" decoding="async" width="360" height="540">
      ${statusBadge(entry.status, "status")}
      ${humanBadge(entry.humanVerdict, entry.reviewState, "reviewed")}
    </div>
    <div class="body">
      <div class="title ${entry.title ? "" : "untitled"}">${name}</div>
      <div class="meta">${entry.platforms.map((p) => html`<span class="chip">${p}</span>`)}</div>
      ${
        entry.violations.length
          ? html`<div class="meta codes">${shown.map(codeBadge)}${
              more > 0 ? html`<span class="badge neutral">+${more}</span>` : ""
            }</div>`
          : ""
      }
    </div>
  </a>`;
}
