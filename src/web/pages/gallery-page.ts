import type { GalleryFilter, GalleryPage } from "../../ports/poster-index.js";
import { filterBar } from "../components/filter-bar.js";
import { layout, pageHead } from "../components/layout.js";
import { posterCard } from "../components/poster-card.js";
import { formatNumber } from "../format.js";
import { galleryQueryStringOf, isFiltered } from "../gallery-query.js";
import { href, html } from "../html.js";
import { allowed, type ViewContext } from "../view-context.js";

export interface GalleryView {
  filter: GalleryFilter;
  page: GalleryPage;
  total: number;
  pageNumber: number;
  pageSize: number;
  platforms: string[];
  title: string;
}

export function galleryPage(context: ViewContext, view: GalleryView): string {
  const query = galleryQueryStringOf(view.filter);
  const first = (view.pageNumber - 1) * view.pageSize + 1;
  const last = first + view.page.items.length - 1;
  const exports = allowed(context, "export")
    ? html`<a class="btn" href="${href("/exports/posters.csv", query)}" download>Export CSV</a>
        <a class="btn" href="${href("/exports/posters.json", query)}" download>Export JSON</a>`
    : html``;
  const body = html`
    ${pageHead(view.title, "Every poster PosterGuard has seen, newest first.", exports)}
    ${filterBar(view.filter, view.platforms)}
    <div class="result-bar">
      <div><strong data-testid="total">${formatNumber(view.total)}</strong> ${view.total === 1 ? "poster" : "posters"}${
        view.page.items.length
          ? html` <span class="muted">· showing ${formatNumber(first)}–${formatNumber(last)}</span>`
          : ""
      }</div>
    </div>
    ${
      view.page.items.length
        ? html`<div class="posters">${view.page.items.map(posterCard)}</div>`
        : html`<div class="card empty"><strong>No posters ${isFiltered(view.filter) ? "match these filters" : "yet"}</strong>
            ${isFiltered(view.filter) ? html`<a href="/ui/posters">Clear the filters</a>` : "Submit posters with POST /jobs, or start a crawl."}</div>`
    }
    <nav class="pager" aria-label="Pages">
      ${view.pageNumber > 1 ? html`<a class="btn" href="${href("/ui/posters", query)}">← First page</a>` : ""}
      ${view.pageNumber > 1 || view.page.nextCursor ? html`<span class="muted">Page ${view.pageNumber}</span>` : ""}
      ${
        view.page.nextCursor
          ? html`<a class="btn" rel="next" href="${href("/ui/posters", {
              ...query,
              cursor: view.page.nextCursor,
              page: view.pageNumber + 1,
            })}">Next page →</a>`
          : ""
      }
    </nav>`;
  return layout(context, { title: view.title, body });
}
