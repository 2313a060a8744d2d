import type { AccessProblem } from "../../auth/register-security.js";
import { barePage } from "../components/layout.js";
import { html } from "../html.js";

export function signInPage(view: {
  next: string;
  error?: string | undefined;
  signedInAs?: string | undefined;
}): string {
  return barePage(
    "Sign in",
    html`<div class="signin"><div class="card">
      <h1>Sign in to PosterGuard</h1>
      <p class="muted">Paste your API key. An admin makes one with <span class="mono">posterguard keys create</span>.</p>
      ${view.signedInAs ? html`<div class="flash ok">You are signed in as ${view.signedInAs}. <a href="/">Go to the dashboard</a></div>` : ""}
      ${view.error ? html`<div class="flash error" role="alert">${view.error}</div>` : ""}
      <form method="post" action="/sign-in">
        <input type="hidden" name="next" value="${view.next}">
        <label class="field" for="token">API key
          <input type="password" id="token" name="token" required autocomplete="off" spellcheck="false" placeholder="pgk_…" autofocus>
        </label>
        <button class="btn primary" type="submit">Sign in</button>
      </form>
    </div></div>`,
  );
}

export function deniedPage(problem: AccessProblem): string {
  return barePage(
    "Not allowed",
    html`<div class="signin"><div class="card">
      <h1>${problem.statusCode === 401 ? "Sign in needed" : "Not allowed"}</h1>
      <p>${problem.message}</p>
      <p><a class="btn" href="/">Back to the dashboard</a> <a class="btn" href="/sign-in">Sign in with another key</a></p>
    </div></div>`,
  );
}

export function notFoundPage(what: string): string {
  return barePage(
    "Not found",
    html`<div class="signin"><div class="card"><h1>Not found</h1><p>${what}</p>
      <p><a class="btn" href="/ui/posters">All posters</a></p></div></div>`,
  );
}
