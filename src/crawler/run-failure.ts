import type { CrawlRun, CrawlStatus } from "../ports/crawl-run-store.js";

/** The run ended by something other than its catalog or its limits: the record says what and how. */
export function endedBy(
  run: CrawlRun,
  status: Extract<CrawlStatus, "FAILED" | "INTERRUPTED">,
  failure: { code: string; reason: string },
  at: Date,
): CrawlRun {
  const when = at.toISOString();
  const errors = [
    ...run.errors,
    {
      kind: "run" as const,
      url: run.startUrls[0] ?? "",
      code: failure.code,
      reason: failure.reason,
      at: when,
    },
  ];
  const { stoppedBy: _cancelled, ...rest } = run;
  return {
    ...rest,
    status,
    finishedAt: run.finishedAt ?? when,
    errors,
    counts: { ...run.counts, errors: errors.length },
  };
}
