import type { Flash } from "./components/layout.js";

/**
 * Messages shown after a redirect, chosen by a fixed code in the query string: nothing a URL
 * carries is ever shown as a message itself.
 */
const MESSAGES: Record<string, Flash> = {
  "reviewed-confirm": { kind: "ok", message: "Confirmed. Your decision is in the audit trail." },
  "reviewed-overturn": { kind: "ok", message: "Overturned. Your decision and note are in the audit trail." },
  NOTE_REQUIRED: { kind: "error", message: "Write a note saying why before you overturn the machine." },
  UNKNOWN_VIOLATION: {
    kind: "error",
    message: "That violation is no longer part of the verdict; reload the page.",
  },
  NO_VERDICT: { kind: "error", message: "This poster has no verdict to review yet." },
  "crawl-started": { kind: "ok", message: "The crawl has started; its run appears below." },
  "crawl-failed": { kind: "error", message: "The crawl could not be started; see the server log." },
};

export function flashFor(code: string | undefined): Flash | undefined {
  return code ? MESSAGES[code] : undefined;
}
