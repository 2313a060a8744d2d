import type Database from "better-sqlite3";
import type { ComplianceResult } from "../../domain/compliance-result.js";
import { decodeCursor, encodeCursor, InvalidCursorError } from "../../domain/cursor.js";
import { JOB_STATUSES, type Job, type JobError, type JobStatus } from "../../domain/job.js";
import type { Observation } from "../../domain/observation.js";
import type {
  ChangedJobs,
  CreateOutcome,
  JobListFilter,
  JobPage,
  JobStore,
  NewJob,
  RecordedVerdict,
  Sighting,
  SightingSummary,
  StoredResponse,
  UrlValidators,
} from "../../ports/job-store.js";
import { type JobRow, jobFromRow } from "./job-row.js";
import { JOB_STORE_SCHEMA, migrateChangeFeed, NEXT_CHANGE_SEQ } from "./sqlite-job-store-schema.js";

/** Job records, poster heads, sightings, observations and idempotency keys in SQLite. */
export class SqliteJobStore implements JobStore {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    db.exec(JOB_STORE_SCHEMA);
    migrateChangeFeed(db);
    this.statements = {
      jobById: db.prepare<[string], JobRow>("SELECT * FROM jobs WHERE job_id = ?"),
      headJob: db.prepare<[string, string], JobRow>(
        `SELECT jobs.* FROM poster_heads JOIN jobs USING (job_id)
         WHERE poster_heads.poster_hash = ? AND poster_heads.verdict_key = ?`,
      ),
      insertJob: db.prepare(
        `INSERT INTO jobs (job_id, request_id, poster_hash, policy_version, verdict_key, platform, artwork_type,
           poster_url, page_url, metadata, status, attempts, storage_bucket, storage_key, created_at, updated_at,
           change_seq)
         VALUES (@jobId, @requestId, @posterHash, @policyVersion, @verdictKey, @platform, @artworkType,
           @posterUrl, @pageUrl, @metadata, 'PENDING', 0, @bucket, @key, @createdAt, @createdAt, ${NEXT_CHANGE_SEQ})`,
      ),
      completeNew: db.prepare(
        `UPDATE jobs SET status = 'COMPLETED', result = ?, completed_at = ?, updated_at = ?,
           processing_duration_ms = 0, change_seq = ${NEXT_CHANGE_SEQ} WHERE job_id = ?`,
      ),
      latestPerPoster: db.prepare<[string, number], JobRow>(
        `SELECT jobs.* FROM jobs JOIN (
           SELECT max(job_id) AS job_id FROM jobs WHERE poster_hash > ? GROUP BY poster_hash
           ORDER BY poster_hash LIMIT ?
         ) latest USING (job_id) ORDER BY jobs.poster_hash`,
      ),
      upsertHead: db.prepare(
        `INSERT INTO poster_heads (poster_hash, verdict_key, job_id) VALUES (?, ?, ?)
         ON CONFLICT (poster_hash, verdict_key) DO UPDATE SET job_id = excluded.job_id`,
      ),
      startProcessing: db.prepare<
        [{ jobId: string; leaseToken: string; leaseUntil: string; now: string }],
        JobRow
      >(
        `UPDATE jobs SET status = 'PROCESSING', attempts = attempts + 1, lease_token = @leaseToken,
           lease_until = @leaseUntil, started_at = @now, updated_at = @now, change_seq = ${NEXT_CHANGE_SEQ}
         WHERE job_id = @jobId AND (status = 'PENDING' OR (status = 'PROCESSING' AND lease_until <= @now))
         RETURNING *`,
      ),
      extendLease: db.prepare(
        "UPDATE jobs SET lease_until = ? WHERE job_id = ? AND lease_token = ? AND status = 'PROCESSING'",
      ),
      complete: db.prepare(
        `UPDATE jobs SET status = 'COMPLETED', result = @result, completed_at = @completedAt,
           processing_duration_ms = @durationMs, updated_at = @completedAt, error_code = NULL,
           error_message = NULL, lease_token = NULL, lease_until = NULL, change_seq = ${NEXT_CHANGE_SEQ}
         WHERE job_id = @jobId AND lease_token = @leaseToken AND status = 'PROCESSING'`,
      ),
      release: db.prepare(
        `UPDATE jobs SET status = 'PENDING', error_code = @code, error_message = @message, updated_at = @now,
           lease_token = NULL, lease_until = NULL, change_seq = ${NEXT_CHANGE_SEQ}
         WHERE job_id = @jobId AND lease_token = @leaseToken AND status = 'PROCESSING'`,
      ),
      failHeld: db.prepare(
        `UPDATE jobs SET status = 'FAILED', error_code = @code, error_message = @message, updated_at = @now,
           lease_token = NULL, lease_until = NULL, change_seq = ${NEXT_CHANGE_SEQ}
         WHERE job_id = @jobId AND lease_token = @leaseToken AND status = 'PROCESSING'`,
      ),
      failAny: db.prepare(
        `UPDATE jobs SET status = 'FAILED', error_code = @code, error_message = @message, updated_at = @now,
           lease_token = NULL, lease_until = NULL, change_seq = ${NEXT_CHANGE_SEQ}
         WHERE job_id = @jobId AND status IN ('PENDING', 'PROCESSING')`,
      ),
      requeue: db.prepare(
        `UPDATE jobs SET status = 'PENDING', updated_at = ?, change_seq = ${NEXT_CHANGE_SEQ}
         WHERE job_id = ? AND status = 'FAILED'`,
      ),
      upsertSighting: db.prepare(
        `INSERT INTO sightings (poster_hash, platform, poster_url, page_url, first_seen_at, last_seen_at, times_seen)
         VALUES (@posterHash, @platform, @posterUrl, @pageUrl, @seenAt, @seenAt, 1)
         ON CONFLICT (poster_hash, platform, poster_url, page_url) DO UPDATE SET
           last_seen_at = max(last_seen_at, excluded.last_seen_at), times_seen = times_seen + 1`,
      ),
      sightings: db.prepare<[string], Record<string, string | number>>(
        "SELECT * FROM sightings WHERE poster_hash = ? ORDER BY last_seen_at DESC",
      ),
      saveObservation: db.prepare(
        `INSERT INTO observations (poster_hash, detector, version, duration_ms, data) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (poster_hash, detector, version) DO UPDATE SET duration_ms = excluded.duration_ms,
           data = excluded.data`,
      ),
      observation: db.prepare<[string, string, string], ObservationRow>(
        "SELECT * FROM observations WHERE poster_hash = ? AND detector = ? AND version = ?",
      ),
      observations: db.prepare<[string], ObservationRow>(
        "SELECT * FROM observations WHERE poster_hash = ? ORDER BY detector, version",
      ),
      validators: db.prepare<[string], ValidatorRow>("SELECT * FROM url_validators WHERE url = ?"),
      saveValidators: db.prepare(
        `INSERT INTO url_validators (url, poster_hash, storage_key, etag, last_modified)
         VALUES (@url, @posterHash, @storageKey, @etag, @lastModified)
         ON CONFLICT (url) DO UPDATE SET poster_hash = excluded.poster_hash, storage_key = excluded.storage_key,
           etag = excluded.etag, last_modified = excluded.last_modified`,
      ),
      storedResponse: db.prepare<[string], ResponseRow>(
        "SELECT * FROM request_responses WHERE request_id = ?",
      ),
      insertResponse: db.prepare(
        `INSERT INTO request_responses (request_id, fingerprint, status_code, body) VALUES (?, ?, ?, ?)
         ON CONFLICT (request_id) DO NOTHING`,
      ),
      changesAfter: db.prepare<[number, number], JobRow & { change_seq: number }>(
        "SELECT * FROM jobs WHERE change_seq > ? ORDER BY change_seq LIMIT ?",
      ),
      touch: db.prepare(`UPDATE jobs SET change_seq = ${NEXT_CHANGE_SEQ} WHERE job_id = ?`),
      lastChange: db.prepare<[], { seq: number }>("SELECT coalesce(max(change_seq), 0) AS seq FROM jobs"),
      pendingBefore: db.prepare<[string, number], JobRow>(
        "SELECT * FROM jobs WHERE status = 'PENDING' AND created_at < ? ORDER BY created_at, job_id LIMIT ?",
      ),
      countByStatus: db.prepare<[], { status: string; n: number }>(
        "SELECT status, count(*) AS n FROM jobs GROUP BY status",
      ),
    };
  }

  async findCurrentForPoster(posterHash: string, verdictKey: string): Promise<Job | undefined> {
    const row = this.statements.headJob.get(posterHash, verdictKey);
    return row ? jobFromRow(row) : undefined;
  }

  private readonly createTransaction = (job: NewJob): CreateOutcome => {
    const head = this.statements.headJob.get(job.posterHash, job.verdictKey);
    if (head && head.status !== "FAILED") return { created: false, job: jobFromRow(head) };
    this.statements.insertJob.run({
      jobId: job.jobId,
      requestId: job.requestId ?? null,
      posterHash: job.posterHash,
      policyVersion: job.policyVersion,
      verdictKey: job.verdictKey,
      platform: job.platform,
      artworkType: job.artworkType,
      posterUrl: job.posterUrl,
      pageUrl: job.pageUrl ?? null,
      metadata: JSON.stringify(job.metadata),
      bucket: job.storage.bucket,
      key: job.storage.key,
      createdAt: job.createdAt,
    });
    this.statements.upsertHead.run(job.posterHash, job.verdictKey, job.jobId);
    const created = this.statements.jobById.get(job.jobId);
    if (!created) throw new Error(`job ${job.jobId} vanished inside its own transaction`);
    return { created: true, job: jobFromRow(created) };
  };

  async createIfAbsent(job: NewJob): Promise<CreateOutcome> {
    return this.db.transaction(this.createTransaction).immediate(job);
  }

  /** The same, inside a transaction the caller holds (a job and its message in one write). */
  createIfAbsentInTransaction(job: NewJob): CreateOutcome {
    if (!this.db.inTransaction) throw new Error("createIfAbsentInTransaction needs an open transaction");
    return this.createTransaction(job);
  }

  private readonly verdictTransaction = (job: NewJob, result: ComplianceResult, completedAt: string) => {
    const outcome = this.createTransaction(job);
    if (!outcome.created) return outcome;
    this.statements.completeNew.run(JSON.stringify(result), completedAt, completedAt, job.jobId);
    const row = this.statements.jobById.get(job.jobId);
    return { created: true as const, job: jobFromRow(row as JobRow) };
  };

  async recordVerdict(job: NewJob, result: ComplianceResult, completedAt: string): Promise<CreateOutcome> {
    return this.db.transaction(this.verdictTransaction).immediate(job, result, completedAt);
  }

  private readonly verdictsTransaction = (verdicts: readonly RecordedVerdict[]) =>
    verdicts.map(({ job, result, completedAt }) => this.verdictTransaction(job, result, completedAt));

  async recordVerdicts(verdicts: readonly RecordedVerdict[]): Promise<CreateOutcome[]> {
    return this.db.transaction(this.verdictsTransaction).immediate(verdicts);
  }

  async latestJobPerPoster(afterPosterHash: string | undefined, limit: number): Promise<Job[]> {
    return this.statements.latestPerPoster.all(afterPosterHash ?? "", limit).map(jobFromRow);
  }

  async getJob(jobId: string): Promise<Job | undefined> {
    const row = this.statements.jobById.get(jobId);
    return row ? jobFromRow(row) : undefined;
  }

  async listJobs(filter: JobListFilter): Promise<JobPage> {
    const conditions: [string, string | undefined][] = [
      ["status = ?", filter.status],
      ["platform = ?", filter.platform],
      ["poster_hash = ?", filter.posterHash],
      ["job_id < ?", filter.cursor === undefined ? undefined : decodeCursor(filter.cursor)],
    ];
    const used = conditions.filter((c): c is [string, string] => c[1] !== undefined);
    const where = used.map(([clause]) => clause);
    const params = used.map(([, value]) => value);
    const sql = `SELECT * FROM jobs ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
      ORDER BY job_id DESC LIMIT ${Math.trunc(filter.limit) + 1}`;
    const rows = this.db.prepare<string[], JobRow>(sql).all(...params);
    const items = rows.slice(0, filter.limit).map(jobFromRow);
    const last = items.at(-1);
    return rows.length > filter.limit && last ? { items, nextCursor: encodeCursor(last.jobId) } : { items };
  }

  async startProcessing(jobId: string, leaseToken: string, leaseUntil: string, now: string) {
    const row = this.statements.startProcessing.get({ jobId, leaseToken, leaseUntil, now });
    return row ? jobFromRow(row) : undefined;
  }

  async extendLease(jobId: string, leaseToken: string, leaseUntil: string): Promise<boolean> {
    return this.statements.extendLease.run(leaseUntil, jobId, leaseToken).changes === 1;
  }

  async completeJob(
    jobId: string,
    leaseToken: string,
    result: ComplianceResult,
    completedAt: string,
    durationMs: number,
  ): Promise<boolean> {
    const params = { jobId, leaseToken, result: JSON.stringify(result), completedAt, durationMs };
    return this.statements.complete.run(params).changes === 1;
  }

  async releaseJob(jobId: string, leaseToken: string, error: JobError | undefined, now: string) {
    const params = { jobId, leaseToken, code: error?.code ?? null, message: error?.message ?? null, now };
    return this.statements.release.run(params).changes === 1;
  }

  async failJob(jobId: string, leaseToken: string | null, error: JobError, now: string): Promise<boolean> {
    const params = { jobId, code: error.code, message: error.message, now };
    const statement = leaseToken === null ? this.statements.failAny : this.statements.failHeld;
    return statement.run(leaseToken === null ? params : { ...params, leaseToken }).changes === 1;
  }

  async requeueFailedJob(jobId: string, now: string): Promise<boolean> {
    return this.statements.requeue.run(now, jobId).changes === 1;
  }

  async recordSighting(sighting: Sighting): Promise<void> {
    this.statements.upsertSighting.run({ ...sighting, pageUrl: sighting.pageUrl ?? "" });
  }

  async listSightings(posterHash: string): Promise<SightingSummary[]> {
    return this.statements.sightings.all(posterHash).map((row) => {
      const summary: SightingSummary = {
        platform: String(row.platform),
        posterUrl: String(row.poster_url),
        firstSeenAt: String(row.first_seen_at),
        lastSeenAt: String(row.last_seen_at),
        timesSeen: Number(row.times_seen),
      };
      if (row.page_url) summary.pageUrl = String(row.page_url);
      return summary;
    });
  }

  async saveObservation(posterHash: string, observation: Observation): Promise<void> {
    const { detector, version, durationMs, data } = observation;
    this.statements.saveObservation.run(posterHash, detector, version, durationMs, JSON.stringify(data));
  }

  async getObservation(posterHash: string, detector: string, version: string) {
    const row = this.statements.observation.get(posterHash, detector, version);
    return row ? observationFromRow(row) : undefined;
  }

  async listObservations(posterHash: string): Promise<Observation[]> {
    return this.statements.observations.all(posterHash).map(observationFromRow);
  }

  async getUrlValidators(url: string): Promise<UrlValidators | undefined> {
    const row = this.statements.validators.get(url);
    if (!row) return undefined;
    const validators: UrlValidators = { url, posterHash: row.poster_hash, storageKey: row.storage_key };
    if (row.etag) validators.etag = row.etag;
    if (row.last_modified) validators.lastModified = row.last_modified;
    return validators;
  }

  async saveUrlValidators(validators: UrlValidators): Promise<void> {
    this.statements.saveValidators.run({
      ...validators,
      etag: validators.etag ?? null,
      lastModified: validators.lastModified ?? null,
    });
  }

  async getStoredResponse(requestId: string): Promise<StoredResponse | undefined> {
    const row = this.statements.storedResponse.get(requestId);
    return row
      ? { fingerprint: row.fingerprint, statusCode: row.status_code, body: JSON.parse(row.body) }
      : undefined;
  }

  async saveStoredResponse(requestId: string, response: StoredResponse): Promise<StoredResponse> {
    const { fingerprint, statusCode, body } = response;
    this.statements.insertResponse.run(requestId, fingerprint, statusCode, JSON.stringify(body));
    return (await this.getStoredResponse(requestId)) ?? response;
  }

  /** The watermark is the change sequence number of the last job returned, in decimal. */
  async listChangedSince(after: string | undefined, limit: number): Promise<ChangedJobs> {
    const from = after === undefined ? 0 : changeSeqOf(after);
    const count = Math.trunc(limit);
    if (!(count >= 1)) return { items: [], next: after };
    const rows = this.statements.changesAfter.all(from, count);
    const last = rows.at(-1);
    return { items: rows.map(jobFromRow), next: last ? String(last.change_seq) : after };
  }

  async touchJob(jobId: string): Promise<boolean> {
    return this.statements.touch.run(jobId).changes === 1;
  }

  async changeFeedEnd(): Promise<string> {
    return String(this.statements.lastChange.get()?.seq ?? 0);
  }

  async listPendingCreatedBefore(before: string, limit: number): Promise<Job[]> {
    return this.statements.pendingBefore.all(before, limit).map(jobFromRow);
  }

  async countByStatus(): Promise<Record<JobStatus, number>> {
    const counts = Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as Record<JobStatus, number>;
    for (const { status, n } of this.statements.countByStatus.all()) counts[status as JobStatus] = n;
    return counts;
  }

  async close(): Promise<void> {}
}

interface ObservationRow {
  detector: string;
  version: string;
  duration_ms: number;
  data: string;
}

interface ValidatorRow {
  poster_hash: string;
  storage_key: string;
  etag: string | null;
  last_modified: string | null;
}

interface ResponseRow {
  fingerprint: string;
  status_code: number;
  body: string;
}

function changeSeqOf(watermark: string): number {
  const seq = /^\d{1,15}$/.test(watermark) ? Number(watermark) : Number.NaN;
  if (!Number.isSafeInteger(seq)) throw new InvalidCursorError();
  return seq;
}

function observationFromRow(row: ObservationRow): Observation {
  return {
    detector: row.detector,
    version: row.version,
    durationMs: row.duration_ms,
    data: JSON.parse(row.data),
  };
}
