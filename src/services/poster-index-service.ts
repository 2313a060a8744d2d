import type { Logger } from "pino";
import { InvalidCursorError } from "../domain/cursor.js";
import type { Job } from "../domain/job.js";
import type { Policy } from "../domain/policy.js";
import { verdictKeyOf } from "../domain/verdict-key.js";
import { SEVERITIES, type Severity } from "../domain/violation.js";
import type { ChangedJobs, JobStore } from "../ports/job-store.js";
import type { PosterIndex, PosterIndexEntry, VerdictStatus } from "../ports/poster-index.js";
import type { ReviewStore } from "../ports/review-store.js";
import type { CreateJobService } from "./create-job.js";
import type { DeadLetterService } from "./dead-letters.js";
import type { ProcessJobService } from "./process-job.js";
import type { RejudgeService } from "./rejudge-posters.js";
import { reviewOf, type ShownVerdict } from "./review-service.js";
import type { ThumbnailService } from "./thumbnails.js";

type PolicyFor = (platform: string | undefined, artworkType: string | undefined) => Policy;

export interface PosterVerdict extends ShownVerdict {
  /** The newest job of the poster, whatever its status. */
  latest: Job;
  /** The poster's jobs, newest first (at most 20). */
  jobs: Job[];
}

/**
 * The verdict shown for a poster, by the rule of GET /posters/{hash}: the job current under the
 * policy in force, else the newest completed one, else the newest job.
 */
export async function currentVerdictOf(
  jobs: JobStore,
  policyFor: PolicyFor,
  posterHash: string,
): Promise<PosterVerdict | undefined> {
  const { items } = await jobs.listJobs({ posterHash, limit: 20 });
  const latest = items[0];
  if (!latest) return undefined;
  const title = titleOf(latest);
  let current: Job | undefined;
  try {
    current = await jobs.findCurrentForPoster(
      posterHash,
      verdictKeyOf(policyFor(latest.platform, latest.artworkType), title),
    );
  } catch {
    // An artwork type the policy no longer defines: fall back to the stored verdicts.
  }
  const job = current ?? items.find((j) => j.status === "COMPLETED") ?? latest;
  return { job, latest, jobs: items, ...(job.result ? { result: job.result } : {}) };
}

function titleOf(job: Job): string | undefined {
  return typeof job.metadata.title === "string" ? job.metadata.title : undefined;
}

function statusOf(job: Job): VerdictStatus {
  if (job.status === "COMPLETED") return job.result?.isCompliant === false ? "violating" : "compliant";
  return job.status === "FAILED" ? "failed" : "pending";
}

function maxSeverity(severities: Severity[]): Severity | undefined {
  let best = -1;
  for (const s of severities) best = Math.max(best, SEVERITIES.indexOf(s));
  return best >= 0 ? SEVERITIES[best] : undefined;
}

function newest(...stamps: (string | undefined)[]): string {
  return stamps.reduce<string>((a, b) => (b !== undefined && b > a ? b : a), "");
}

export interface PosterIndexDeps {
  jobs: JobStore;
  reviews: ReviewStore;
  index: PosterIndex;
  thumbnails?: ThumbnailService;
  policyFor: PolicyFor;
  log: Logger;
}

const REBUILD_PAGE = 500;
/** Changes read from the job store's feed at a time; each page's posters are refreshed once. */
const SYNC_PAGE = 200;
/** Pages one syncChanges call reads by default, so a long backlog is caught up over several calls. */
const SYNC_MAX_PAGES = 10;
/** Posters refreshed at the same time while syncing. */
const SYNC_CONCURRENCY = 4;

export interface SyncReport {
  /** Posters refreshed. */
  posters: number;
  /** True when the call stopped at its page limit with changes left to read. */
  more: boolean;
}

export interface SyncOptions {
  /** Pages of changes to read at most (default 10): 1 keeps a sync in a request's path short. */
  maxPages?: number;
}

/**
 * Keeps the poster index current. Call `refresh(posterHash)` whenever a job of the poster is
 * created, finishes, fails or is redriven, and after a review; `rebuild()` recomputes it all from
 * the job and review stores; `syncChanges()` follows the job store's change feed, so jobs that
 * other processes write (worker and crawler Lambdas, other API containers, `posterguard worker`)
 * reach this index too.
 */
export function posterIndexService(deps: PosterIndexDeps) {
  const { jobs, reviews, index, log } = deps;
  /** Refreshes of one poster run one after another, so an older read never lands last. */
  const queues = new Map<string, Promise<unknown>>();

  async function computeEntry(posterHash: string, makeThumbnail: boolean) {
    const verdict = await currentVerdictOf(jobs, deps.policyFor, posterHash);
    if (!verdict) return undefined;
    const { job, latest } = verdict;
    const [sightings, decisions] = await Promise.all([
      jobs.listSightings(posterHash),
      reviews.listForPoster(posterHash),
    ]);
    const review = reviewOf(verdict.result, decisions);
    const violations = (verdict.result?.violations ?? []).map((v) => ({
      code: v.code,
      severity: v.severity,
      ...(review.violations[v.code]?.action === "overturn" ? { overturned: true } : {}),
    }));
    const platforms = [...new Set([latest.platform, ...sightings.map((s) => s.platform)])].sort();
    const firstSeenAt = sightings.map((s) => s.firstSeenAt).sort()[0];
    const lastSeenAt = sightings
      .map((s) => s.lastSeenAt)
      .sort()
      .at(-1);
    const title = titleOf(latest) ?? verdict.jobs.map(titleOf).find((t) => t !== undefined);
    const thumbnailKey =
      makeThumbnail && deps.thumbnails
        ? await deps.thumbnails.ensure(posterHash, latest.storage.key)
        : undefined;
    const severity = maxSeverity(violations.map((v) => v.severity));
    const entry: PosterIndexEntry = {
      posterHash,
      platforms,
      artworkType: job.artworkType,
      jobStatus: job.status,
      status: statusOf(job),
      violations,
      reviewState: review.state,
      latestJobId: newest(latest.jobId, job.jobId),
      policyVersion: job.policyVersion,
      storageKey: latest.storage.key,
      updatedAt: newest(latest.updatedAt, job.updatedAt, lastSeenAt, decisions.at(-1)?.decidedAt),
      ...(title ? { title } : {}),
      ...(severity ? { maxSeverity: severity } : {}),
      ...(review.humanVerdict ? { humanVerdict: review.humanVerdict } : {}),
      ...(review.last ? { reviewedBy: review.last.reviewer.name, reviewedAt: review.last.decidedAt } : {}),
      ...(thumbnailKey ? { thumbnailKey } : {}),
      ...(firstSeenAt ? { firstSeenAt } : {}),
      ...(lastSeenAt ? { lastSeenAt } : {}),
      ...(verdict.result ? { checkedAt: verdict.result.checkedAt } : {}),
    };
    return entry;
  }

  function refresh(posterHash: string, options: { thumbnail?: boolean } = {}) {
    const previous = queues.get(posterHash) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        const entry = await computeEntry(posterHash, options.thumbnail === true);
        if (entry) await index.upsert(entry);
        return entry;
      });
    queues.set(posterHash, next);
    void next
      .finally(() => {
        if (queues.get(posterHash) === next) queues.delete(posterHash);
      })
      .catch(() => undefined);
    return next;
  }

  /**
   * Recomputes every poster's entry from the stores, then sets the change watermark to where the
   * feed ended when the rebuild began: changes made during it are read again, none is missed,
   * and nothing older is replayed.
   */
  async function rebuild(): Promise<{ posters: number; durationMs: number }> {
    const started = performance.now();
    const feedEnd = await jobs.changeFeedEnd();
    let posters = 0;
    let after: string | undefined;
    for (;;) {
      const page = await jobs.latestJobPerPoster(after, REBUILD_PAGE);
      for (const job of page) {
        await refresh(job.posterHash);
        posters += 1;
      }
      const last = page.at(-1);
      if (!last || page.length < REBUILD_PAGE) break;
      after = last.posterHash;
    }
    await index.setChangeWatermark(feedEnd);
    const durationMs = Math.round(performance.now() - started);
    log.info({ posters, durationMs }, "rebuilt the poster index");
    return { posters, durationMs };
  }

  /** Refreshes each poster once, a few at a time; the first failure is thrown once all have run. */
  async function refreshAll(posterHashes: string[]): Promise<void> {
    let next = 0;
    const failures: unknown[] = [];
    const lane = async () => {
      while (next < posterHashes.length) {
        const posterHash = posterHashes[next++] as string;
        await refresh(posterHash).catch((error: unknown) => failures.push(error));
      }
    };
    await Promise.all(Array.from({ length: Math.min(SYNC_CONCURRENCY, posterHashes.length) }, lane));
    if (failures.length > 0) throw failures[0];
  }

  /**
   * Reads the job store's change feed from the watermark kept in the index and refreshes the
   * posters of the changed jobs (without thumbnails: the gallery makes those on first view).
   * The watermark moves only past a page whose posters were all refreshed, so a failure is
   * retried by the next call. A watermark the store does not recognise (the index was built
   * against another backend) rebuilds the index instead.
   */
  async function readChanges(maxPages: number): Promise<SyncReport> {
    let watermark = await index.getChangeWatermark();
    let posters = 0;
    for (let pages = 0; pages < maxPages; pages++) {
      let page: ChangedJobs;
      try {
        page = await jobs.listChangedSince(watermark, SYNC_PAGE);
      } catch (error) {
        if (!(error instanceof InvalidCursorError)) throw error;
        log.warn({ watermark }, "the poster index's change watermark is not this job store's; rebuilding");
        return { posters: posters + (await rebuild()).posters, more: false };
      }
      const changed = [...new Set(page.items.map((job) => job.posterHash))];
      await refreshAll(changed);
      posters += changed.length;
      if (page.next !== undefined && page.next !== watermark) {
        await index.setChangeWatermark(page.next);
        watermark = page.next;
      }
      if (page.items.length < SYNC_PAGE) return { posters, more: false };
    }
    return { posters, more: true };
  }

  /** One sync at a time: a call while one runs shares its outcome. */
  let syncing: Promise<SyncReport> | undefined;

  return {
    refresh,
    rebuild,

    syncChanges(options: SyncOptions = {}): Promise<SyncReport> {
      syncing ??= readChanges(Math.max(1, options.maxPages ?? SYNC_MAX_PAGES)).finally(() => {
        syncing = undefined;
      });
      return syncing;
    },

    /**
     * As refresh, but a failure is logged rather than thrown: the index must never fail a job.
     * `announce` also moves the poster's newest job to the end of the job store's change feed,
     * for a change no job write records (a review) that other processes' indexes must see.
     */
    async refreshSafely(
      posterHash: string,
      options: { thumbnail?: boolean; announce?: boolean } = {},
    ): Promise<void> {
      try {
        const entry = await refresh(posterHash, options);
        if (options.announce && entry) await jobs.touchJob(entry.latestJobId);
      } catch (error) {
        log.warn({ posterHash, err: error }, "could not update the poster index");
      }
    },

    verdictOf(posterHash: string) {
      return currentVerdictOf(jobs, deps.policyFor, posterHash);
    },

    /** At start: an index that is empty while jobs exist (an upgrade) is built once. */
    async rebuildIfEmpty(): Promise<boolean> {
      if ((await index.size()) > 0) return false;
      if ((await jobs.latestJobPerPoster(undefined, 1)).length === 0) return false;
      await rebuild();
      return true;
    },
  };
}

export type PosterIndexService = ReturnType<typeof posterIndexService>;

/*
 * Hook points. Each wraps a core service so the index follows every change to a poster without
 * the core services knowing about it; compose.ts applies them.
 */

/** After POST /jobs: a new poster appears as pending, a cached one gains a sighting. */
/** How long a cache hit's index refresh waits, so that many hits on one poster make one refresh. */
const CACHE_HIT_REFRESH_DELAY_MS = 250;

/**
 * A new job is in the index before its `202`. A cache hit only adds a sighting, so its refresh is
 * deferred and shared: all hits within the delay cost one refresh per poster, off the request's
 * path (a refresh recomputes the whole entry, which was most of a cache hit's CPU).
 */
export function indexingCreateJob(
  service: CreateJobService,
  jobs: JobStore,
  indexer: PosterIndexService,
): CreateJobService & { flush(): Promise<void> } {
  const due = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  async function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const jobIds = [...due];
    due.clear();
    for (const jobId of jobIds) {
      const job = await jobs.getJob(jobId);
      if (job) await indexer.refreshSafely(job.posterHash);
    }
  }
  return {
    async createJob(request) {
      const response = await service.createJob(request);
      if (response.statusCode === 202) {
        const job = await jobs.getJob(response.body.jobId);
        if (job) await indexer.refreshSafely(job.posterHash);
        return response;
      }
      due.add(response.body.jobId);
      timer ??= setTimeout(() => void flush(), CACHE_HIT_REFRESH_DELAY_MS).unref();
      return response;
    },
    flush,
  };
}

/** After a worker finished with a message: the verdict, or the failure, and the thumbnail. */
export function indexingProcessJob(
  service: ProcessJobService,
  indexer: PosterIndexService,
): ProcessJobService {
  return {
    async processMessage(message, signal) {
      const outcome = await service.processMessage(message, signal);
      if (outcome !== "busy" && outcome !== "skipped") {
        await indexer.refreshSafely(message.body.posterHash, { thumbnail: outcome === "completed" });
      }
      return outcome;
    },
  };
}

/** Redriven jobs are pending again; reconciled ones have failed. */
export function indexingDeadLetters(
  service: DeadLetterService,
  indexer: PosterIndexService,
): DeadLetterService {
  return {
    ...service,
    async redrive(messageIds) {
      const letters = await service.redrive(messageIds);
      for (const letter of letters) await indexer.refreshSafely(letter.body.posterHash);
      return letters;
    },
    async reconcile() {
      const before = await service.list(1000);
      const failed = await service.reconcile();
      if (failed > 0) for (const letter of before) await indexer.refreshSafely(letter.body.posterHash);
      return failed;
    },
  };
}

/** Re-judging writes a new verdict for many posters at once: the index is rebuilt after it. */
export function indexingRejudge(service: RejudgeService, indexer: PosterIndexService): RejudgeService {
  return {
    async rejudgeAll() {
      const report = await service.rejudgeAll();
      if (report.rejudged > 0) await indexer.rebuild();
      return report;
    },
  };
}
