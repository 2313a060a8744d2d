import type { ListedJob } from "./list-jobs.js";
import { percentile } from "./percentile.js";
import type { StoredObjects } from "./soak-backend.js";
import type { Answer } from "./soak-client.js";

export interface SoakFindings {
  accepted: number;
  refused: number;
  jobs: { total: number; completed: number; failed: number; lost: number; duplicated: number };
  /** The job whose queue message the soak overwrote: left to a sweeper, not counted as lost. */
  corruptedMessageJob?: { jobId: string; status: string };
  timeToVerdictMs: { p50: number; p99: number };
  jobsPerSecond: number;
  /** Each failed check, described; empty when the soak passed. */
  failures: string[];
}

const settled = (job: ListedJob) => job.status === "COMPLETED" || job.status === "FAILED";
const MAX_LISTED = 5;

/**
 * Every accepted request has its job; one job per distinct poster and verdict key; every job
 * settled (a FAILED one with its reason); objects and jobs match one to one; every bad input
 * refused with a 4xx and nothing stored for it; no 5xx, no request left unanswered.
 */
export function checkSoak(input: {
  answers: Answer[];
  jobs: ListedJob[];
  objects: StoredObjects;
  corruptedJobId?: string;
  unexpectedExits: string[];
}): SoakFindings {
  const { answers, jobs, objects } = input;
  const failures: string[] = [];
  const fail = (what: string, items: unknown[]) => {
    if (items.length > 0)
      failures.push(`${what}: ${items.length} (${JSON.stringify(items.slice(0, MAX_LISTED))})`);
  };
  const byId = new Map(jobs.map((job) => [job.jobId, job]));
  const good = answers.filter((a) => a.submission.kind !== "bad");
  const bad = answers.filter((a) => a.submission.kind === "bad");
  const accepted = good.filter(
    (a) => (a.status === 200 || a.status === 202) && typeof a.body?.jobId === "string",
  );
  fail(
    "5xx answers",
    answers.flatMap((a) => a.serverErrors.map((e) => ({ i: a.submission.index, ...e }))),
  );
  fail(
    "requests never answered",
    answers.filter((a) => a.gaveUp).map((a) => a.submission.index),
  );
  fail(
    "good posters refused",
    good
      .filter((a) => !accepted.includes(a))
      .map((a) => ({ i: a.submission.index, status: a.status, body: a.body })),
  );
  const refused = bad.filter((a) => {
    const error = a.body?.error as { code?: unknown; message?: unknown } | undefined;
    return (
      a.status >= 400 &&
      a.status < 500 &&
      typeof error?.code === "string" &&
      typeof error.message === "string"
    );
  });
  fail(
    "bad inputs not refused with a 4xx {error:{code,message}}",
    bad
      .filter((a) => !refused.includes(a))
      .map((a) => ({ kind: a.submission.badKind, status: a.status, body: a.body })),
  );
  fail("processes that died on their own", input.unexpectedExits);

  // One job per distinct poster (one platform, one verdict key here); FAILED ones may be redone.
  const groups = new Map<string, ListedJob[]>();
  for (const job of jobs) {
    const key = `${job.posterHash} ${job.verdictKey ?? ""}`;
    groups.set(key, [...(groups.get(key) ?? []), job]);
  }
  const duplicated = [...groups.values()].filter(
    (g) => g.filter((job) => job.status !== "FAILED").length > 1,
  );
  fail(
    "posters with more than one live job",
    duplicated.map((g) => g.map((job) => job.jobId)),
  );
  const expected = new Set(good.map((a) => a.submission.posterHash));
  // Lost: a poster some request was accepted for, without a settled job.
  const acceptedHashes = new Set(accepted.map((a) => a.submission.posterHash));
  fail(
    "jobs for no submitted poster",
    jobs.filter((job) => !expected.has(job.posterHash)).map((j) => j.posterUrl),
  );

  const corrupted = input.corruptedJobId ? byId.get(input.corruptedJobId) : undefined;
  const lostHashes = [...acceptedHashes].filter((hash) => {
    const own = jobs.filter((job) => job.posterHash === hash);
    if (corrupted && own.some((job) => job.jobId === corrupted.jobId)) return false;
    return !own.some(settled);
  });
  const missingJobs = accepted.filter((a) => !byId.has(a.body?.jobId as string)).map((a) => a.body?.jobId);
  fail("accepted jobs that do not exist", missingJobs);
  fail(
    "posters without a settled job (lost)",
    lostHashes.map((hash) => ({
      jobs: jobs.filter((job) => job.posterHash === hash).map((job) => `${job.jobId} ${job.status}`),
      // A request cut off by a server kill and answered on a retry points at a crash mid-intake.
      requests: good
        .filter((a) => a.submission.posterHash === hash)
        .map((a) => ({ i: a.submission.index, status: a.status, retries: a.retries })),
    })),
  );
  fail(
    "jobs not settled after the drain",
    jobs
      .filter((job) => !settled(job) && job.jobId !== corrupted?.jobId)
      .map((j) => `${j.jobId} ${j.status}`),
  );
  const failedJobs = jobs.filter((job) => job.status === "FAILED");
  fail(
    "FAILED jobs without a reason",
    failedJobs.filter((job) => !job.error?.code || !job.error.message).map((j) => j.jobId),
  );

  const jobKeys = new Set(jobs.map((job) => job.storage.key));
  fail(
    "stored objects without a job",
    [...objects.keys].filter((key) => !jobKeys.has(key)),
  );
  fail(
    "jobs without their object",
    jobs.filter((job) => !objects.keys.has(job.storage.key)).map((j) => j.jobId),
  );

  const completed = jobs.filter((job) => job.status === "COMPLETED" && job.completedAt);
  const verdictMs = completed.map((job) => Date.parse(job.completedAt as string) - Date.parse(job.createdAt));
  const first = Math.min(...jobs.map((job) => Date.parse(job.createdAt)));
  const last = Math.max(...completed.map((job) => Date.parse(job.completedAt as string)));
  return {
    accepted: accepted.length,
    refused: refused.length,
    jobs: {
      total: jobs.length,
      completed: completed.length,
      failed: failedJobs.length,
      lost: lostHashes.length + missingJobs.length,
      duplicated: duplicated.length,
    },
    ...(input.corruptedJobId
      ? { corruptedMessageJob: { jobId: input.corruptedJobId, status: corrupted?.status ?? "MISSING" } }
      : {}),
    timeToVerdictMs: { p50: percentile(verdictMs, 50), p99: percentile(verdictMs, 99) },
    jobsPerSecond: completed.length > 0 ? round((completed.length * 1000) / Math.max(1, last - first)) : 0,
    failures,
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
