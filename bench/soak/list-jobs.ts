/** A job as the soak reads it from `GET /jobs`. */
export interface ListedJob {
  jobId: string;
  posterHash: string;
  verdictKey?: string;
  platform: string;
  posterUrl: string;
  status: "PENDING" | "PROCESSING" | "COMPLETED" | "FAILED";
  storage: { key: string };
  createdAt: string;
  completedAt?: string;
  error?: { code?: string; message?: string };
}

/** Every job on the platform, through the API's cursor. */
export async function listAllJobs(url: string, platform: string): Promise<ListedJob[]> {
  const jobs: ListedJob[] = [];
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({ platform, limit: "200", ...(cursor ? { cursor } : {}) });
    const response = await fetch(`${url}/jobs?${query}`, { signal: AbortSignal.timeout(30_000) });
    if (!response.ok) throw new Error(`GET /jobs answered ${response.status}: ${await response.text()}`);
    const page = (await response.json()) as { items: ListedJob[]; nextCursor?: string };
    jobs.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return jobs;
}

const isSettled = (job: ListedJob) => job.status === "COMPLETED" || job.status === "FAILED";

/** Polls until every job but `except` is COMPLETED or FAILED, or the bound is reached. */
export async function waitUntilSettled(
  url: string,
  platform: string,
  boundMs: number,
  except?: string,
): Promise<{ jobs: ListedJob[]; settled: boolean; waitedMs: number }> {
  const started = Date.now();
  for (;;) {
    const jobs = await listAllJobs(url, platform).catch(() => undefined);
    const open = jobs?.filter((job) => !isSettled(job) && job.jobId !== except).length;
    const waitedMs = Date.now() - started;
    if (jobs && open === 0) return { jobs, settled: true, waitedMs };
    if (waitedMs > boundMs)
      return { jobs: jobs ?? (await listAllJobs(url, platform)), settled: false, waitedMs };
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}
