import type { Page, Request } from "playwright-core";

/** Requests that can bring more of a catalog: data fetches and scripts, not images or fonts. */
const CONTENT_TYPES = new Set(["xhr", "fetch", "document", "script"]);

export interface NetworkActivity {
  /** Content requests started and not yet answered. */
  pending(): number;
  stop(): void;
}

/** Counts a page's content requests in flight, so a crawl knows whether more could still arrive. */
export function trackContentRequests(page: Page): NetworkActivity {
  const inFlight = new Set<Request>();
  const onRequest = (request: Request) => {
    if (CONTENT_TYPES.has(request.resourceType())) inFlight.add(request);
  };
  const onDone = (request: Request) => {
    inFlight.delete(request);
  };
  page.on("request", onRequest);
  page.on("requestfinished", onDone);
  page.on("requestfailed", onDone);
  return {
    pending: () => inFlight.size,
    stop() {
      page.off("request", onRequest);
      page.off("requestfinished", onDone);
      page.off("requestfailed", onDone);
    },
  };
}
