import type { ComplianceResult } from "../domain/compliance-result.js";
import type { Job, JobError, JobStatus } from "../domain/job.js";
import type { Observation } from "../domain/observation.js";

export interface NewJob {
  jobId: string;
  requestId?: string;
  posterHash: string;
  policyVersion: string;
  verdictKey: string;
  platform: string;
  artworkType: string;
  posterUrl: string;
  pageUrl?: string;
  metadata: Record<string, unknown>;
  storage: { bucket: string; key: string };
  createdAt: string;
}

/** Outcome of the atomic per-poster creation. */
export interface RecordedVerdict {
  job: NewJob;
  result: ComplianceResult;
  completedAt: string;
}

export type CreateOutcome = { created: true; job: Job } | { created: false; job: Job };

export interface Sighting {
  posterHash: string;
  platform: string;
  posterUrl: string;
  pageUrl?: string;
  seenAt: string;
}

export interface SightingSummary {
  platform: string;
  posterUrl: string;
  pageUrl?: string;
  firstSeenAt: string;
  lastSeenAt: string;
  timesSeen: number;
}

export interface JobListFilter {
  status?: JobStatus;
  platform?: string;
  posterHash?: string;
  limit: number;
  cursor?: string;
}

export interface JobPage {
  items: Job[];
  nextCursor?: string;
}

/** A page of the change feed (see JobStore.listChangedSince). */
export interface ChangedJobs {
  /** Jobs in the order of their latest change, oldest first, each once. */
  items: Job[];
  /**
   * The watermark after the last item, to pass back as `after`: `after` itself when nothing
   * changed, undefined only when nothing changed and `after` was undefined.
   */
  next: string | undefined;
}

/** Validators a conditional GET can replay; the hash says which poster the URL served. */
export interface UrlValidators {
  url: string;
  posterHash: string;
  storageKey: string;
  etag?: string;
  lastModified?: string;
}

export interface StoredResponse {
  fingerprint: string;
  statusCode: number;
  body: unknown;
}

export interface JobStore {
  /** Latest job for this poster under this verdict key (policy version, title), if any. */
  findCurrentForPoster(posterHash: string, verdictKey: string): Promise<Job | undefined>;
  /**
   * Creates the job unless a live one (PENDING, PROCESSING or COMPLETED) exists for
   * the same (posterHash, verdictKey): a conditional write, safe under races.
   */
  createIfAbsent(job: NewJob): Promise<CreateOutcome>;
  /**
   * Stores a verdict reached without a worker (re-judging stored observations) as a COMPLETED
   * job, under the same conditional write as createIfAbsent.
   */
  recordVerdict(job: NewJob, result: ComplianceResult, completedAt: string): Promise<CreateOutcome>;
  /** Many verdicts, in order, each as `recordVerdict` would write it: one transaction where the store has them. */
  recordVerdicts(verdicts: readonly RecordedVerdict[]): Promise<CreateOutcome[]>;
  /** The newest job of each poster, by poster hash, a page at a time (for re-judging). */
  latestJobPerPoster(afterPosterHash: string | undefined, limit: number): Promise<Job[]>;
  getJob(jobId: string): Promise<Job | undefined>;
  listJobs(filter: JobListFilter): Promise<JobPage>;
  /** PENDING jobs created before `before` (ISO time), oldest first: what the sweeper re-enqueues. */
  listPendingCreatedBefore(before: string, limit: number): Promise<Job[]>;

  /**
   * PENDING → PROCESSING, or takes over a PROCESSING job whose lease expired.
   * Returns the job, or undefined when another worker holds it or it is finished.
   */
  startProcessing(
    jobId: string,
    leaseToken: string,
    leaseUntil: string,
    now: string,
  ): Promise<Job | undefined>;
  extendLease(jobId: string, leaseToken: string, leaseUntil: string): Promise<boolean>;
  /** Each write below succeeds only while the caller still holds the lease. */
  completeJob(
    jobId: string,
    leaseToken: string,
    result: ComplianceResult,
    completedAt: string,
    durationMs: number,
  ): Promise<boolean>;
  /** Back to PENDING with the error kept, to be retried. */
  releaseJob(jobId: string, leaseToken: string, error: JobError | undefined, now: string): Promise<boolean>;
  /** FAILED with the error; a null token fails it whoever held it (dead-letter reconciliation). */
  failJob(jobId: string, leaseToken: string | null, error: JobError, now: string): Promise<boolean>;
  /** FAILED → PENDING for a redriven message. */
  requeueFailedJob(jobId: string, now: string): Promise<boolean>;

  recordSighting(sighting: Sighting): Promise<void>;
  listSightings(posterHash: string): Promise<SightingSummary[]>;

  saveObservation(posterHash: string, observation: Observation): Promise<void>;
  getObservation(posterHash: string, detector: string, version: string): Promise<Observation | undefined>;
  listObservations(posterHash: string): Promise<Observation[]>;

  getUrlValidators(url: string): Promise<UrlValidators | undefined>;
  saveUrlValidators(validators: UrlValidators): Promise<void>;

  getStoredResponse(requestId: string): Promise<StoredResponse | undefined>;
  /** Keeps the first response saved for a requestId; returns the one that is kept. */
  saveStoredResponse(requestId: string, response: StoredResponse): Promise<StoredResponse>;

  /**
   * The change feed: jobs whose record changed (created, started, completed, released, failed,
   * requeued, verdict recorded) after the opaque watermark `after` (undefined: since the first
   * change), oldest change first, each job once at its latest change. A caller that persists
   * `next` and passes it back misses no change and gets none twice (a job that changes again
   * comes again). A store whose indexes lag the writes holds back the newest changes until
   * they have settled (a few seconds). Throws InvalidCursorError for a watermark it did not give out.
   */
  listChangedSince(after: string | undefined, limit: number): Promise<ChangedJobs>;
  /**
   * Moves a job to the end of the change feed without changing it, for a change to what is
   * derived from it (a review of its poster, say) that other readers of the feed must see.
   * False when there is no such job.
   */
  touchJob(jobId: string): Promise<boolean>;
  /**
   * A watermark at the end of the feed as of now: listChangedSince from it returns the changes
   * made after this call (and, where the feed holds changes back, those not yet settled).
   */
  changeFeedEnd(): Promise<string>;

  countByStatus(): Promise<Record<JobStatus, number>>;
  close(): Promise<void>;
}
