import type { ViolationCode } from "../../domain/violation.js";
import type { ReviewDecision } from "../../ports/review-store.js";
import { formatDate, timeAgo } from "../format.js";
import { html, type SafeHtml } from "../html.js";

export function decisionNote(decision: ReviewDecision, now: Date): SafeHtml {
  const verb = decision.action === "overturn" ? "Overturned" : "Confirmed";
  return html`<div class="decision" data-testid="decision">
    <strong>${verb}</strong> by ${decision.reviewer.name}
    <span title="${formatDate(decision.decidedAt)}">${timeAgo(decision.decidedAt, now)}</span>${
      decision.note ? html` — “${decision.note}”` : ""
    }
  </div>`;
}

/** Confirm or overturn one violation; the note is required to overturn. */
export function violationReviewForm(posterHash: string, code: ViolationCode, decided: boolean): SafeHtml {
  return html`<details class="review" ${decided ? "" : html`open`}>
    <summary>${decided ? "Change the decision" : "Review this violation"}</summary>
    <form class="review-form" method="post" action="/ui/posters/${posterHash}/reviews">
      <input type="hidden" name="scope" value="violation">
      <input type="hidden" name="code" value="${code}">
      <label class="sr-only" for="note-${code}">Note</label>
      <textarea id="note-${code}" name="note" maxlength="2000" placeholder="Note — why? (required to overturn)"></textarea>
      <div class="row">
        <button class="btn confirm small" type="submit" name="action" value="confirm">✓ Confirm violation</button>
        <button class="btn danger small" type="submit" name="action" value="overturn">✕ Overturn (false positive)</button>
      </div>
    </form>
  </details>`;
}

/** Confirm or overturn the whole verdict. */
export function posterReviewForm(posterHash: string, machineCompliant: boolean): SafeHtml {
  const overturnLabel = machineCompliant ? "Overturn: mark violating" : "Overturn: mark compliant";
  return html`<form class="review-form" method="post" action="/ui/posters/${posterHash}/reviews" id="review-poster">
    <input type="hidden" name="scope" value="poster">
    <label class="sr-only" for="note-poster">Note</label>
    <textarea id="note-poster" name="note" maxlength="2000" placeholder="Note on the whole poster (required to overturn)"></textarea>
    <div class="row">
      <button class="btn confirm" type="submit" name="action" value="confirm">✓ Confirm verdict</button>
      <button class="btn danger" type="submit" name="action" value="overturn">✕ ${overturnLabel}</button>
    </div>
  </form>`;
}
