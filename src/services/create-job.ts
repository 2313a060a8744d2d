import { createHash } from "node:crypto";
import type { ComplianceResult } from "../domain/compliance-result.js";
import { IdempotencyConflictError } from "../domain/errors.js";
import { isInFlight, type Job } from "../domain/job.js";
import { assertStorableMetadata } from "../domain/job-metadata.js";
import type { Policy } from "../domain/policy.js";
import { contentTypeOf, posterKey } from "../domain/poster-key.js";
import { verdictKeyOf } from "../domain/verdict-key.js";
import type { Clock } from "../ports/clock.js";
import type { ImageInspector } from "../ports/image-inspector.js";
import { type JobIntake, messageOf } from "../ports/job-intake.js";
import type { JobStore, UrlValidators } from "../ports/job-store.js";
import type { ObjectStore } from "../ports/object-store.js";
import type { PosterFetcher } from "../ports/poster-fetcher.js";

export interface CreateJobRequest {
  platform: string;
  /** As the policy names them; the policy's default (poster) when absent. */
  artworkType?: string;
  posterUrl: string;
  pageUrl?: string;
  metadata?: Record<string, unknown>;
  requestId?: string;
}

export interface CreateJobResponse {
  statusCode: 200 | 202;
  body: {
    jobId: string;
    status: Job["status"];
    cached: boolean;
    result?: ComplianceResult;
  };
}

export type CreateJobOutcome = "created" | "cached" | "in_flight";

export interface CreateJobDeps {
  jobs: JobStore;
  /** Writes a new job with its queue message. */
  intake: JobIntake;
  objects: ObjectStore;
  fetcher: PosterFetcher;
  inspectImage: ImageInspector;
  /** The policy in force for a platform and artwork type; throws UnknownArtworkTypeError. */
  policyFor: (platform: string, artworkType: string | undefined) => Policy;
  clock: Clock;
  newJobId: () => string;
  onOutcome?: (outcome: CreateJobOutcome) => void;
}

/** The seed's job creation and cache lookup flows. */
export function createJobService(deps: CreateJobDeps) {
  const { jobs, objects, intake, fetcher, clock } = deps;

  async function fetchPoster(posterUrl: string) {
    const known = await jobs.getUrlValidators(posterUrl);
    const fetched = await fetcher.fetch(posterUrl, known);
    if (fetched.notModified && known) return { posterHash: known.posterHash, known, fetched: undefined };
    if (fetched.notModified) return fetchPosterUnconditionally(posterUrl);
    return { posterHash: sha256(fetched.body), known: undefined, fetched };
  }

  async function fetchPosterUnconditionally(posterUrl: string) {
    const fetched = await fetcher.fetch(posterUrl);
    if (fetched.notModified) throw new Error("the server answered 304 to an unconditional request");
    return { posterHash: sha256(fetched.body), known: undefined, fetched };
  }

  function answerFor(job: Job, cached: boolean): CreateJobResponse {
    if (job.status === "COMPLETED" && job.result) {
      return {
        statusCode: 200,
        body: { jobId: job.jobId, status: job.status, cached: true, result: job.result },
      };
    }
    return { statusCode: cached ? 200 : 202, body: { jobId: job.jobId, status: job.status, cached: false } };
  }

  async function create(request: CreateJobRequest): Promise<CreateJobResponse> {
    assertStorableMetadata(request.metadata);
    const policy = deps.policyFor(request.platform, request.artworkType);
    const title = typeof request.metadata?.title === "string" ? request.metadata.title : undefined;
    const verdictKey = verdictKeyOf(policy, title);
    const now = clock.now().toISOString();
    let poster = await fetchPoster(request.posterUrl);
    const sighting = {
      posterHash: poster.posterHash,
      platform: request.platform,
      posterUrl: request.posterUrl,
      seenAt: now,
      ...(request.pageUrl ? { pageUrl: request.pageUrl } : {}),
    };

    const current = await jobs.findCurrentForPoster(poster.posterHash, verdictKey);
    if (current && current.status !== "FAILED") {
      await jobs.recordSighting(sighting);
      deps.onOutcome?.(isInFlight(current.status) ? "in_flight" : "cached");
      return answerFor(current, true);
    }

    let bytes =
      poster.fetched?.body ?? (poster.known ? await objects.get(poster.known.storageKey) : undefined);
    if (!bytes) {
      poster = await fetchPosterUnconditionally(request.posterUrl);
      bytes = poster.fetched?.body as Buffer;
    }
    const image = await deps.inspectImage(bytes);
    const key = posterKey(request.platform, poster.posterHash, image.format);
    if (!(await objects.exists(key))) await objects.put(key, bytes, contentTypeOf(image.format));

    const outcome = await intake.createAndEnqueue(
      {
        jobId: deps.newJobId(),
        posterHash: poster.posterHash,
        policyVersion: policy.version,
        verdictKey,
        platform: request.platform,
        artworkType: policy.artworkType,
        posterUrl: request.posterUrl,
        metadata: request.metadata ?? {},
        storage: { bucket: objects.bucket, key },
        createdAt: now,
        ...(request.requestId ? { requestId: request.requestId } : {}),
        ...(request.pageUrl ? { pageUrl: request.pageUrl } : {}),
      },
      messageOf,
    );
    await jobs.recordSighting(sighting);
    if (poster.fetched?.etag || poster.fetched?.lastModified) {
      const validators: UrlValidators = {
        url: request.posterUrl,
        posterHash: poster.posterHash,
        storageKey: key,
      };
      if (poster.fetched.etag) validators.etag = poster.fetched.etag;
      if (poster.fetched.lastModified) validators.lastModified = poster.fetched.lastModified;
      await jobs.saveUrlValidators(validators);
    }
    if (!outcome.created) {
      deps.onOutcome?.(isInFlight(outcome.job.status) ? "in_flight" : "cached");
      return answerFor(outcome.job, true);
    }

    deps.onOutcome?.("created");
    return answerFor(outcome.job, false);
  }

  return {
    /** Creates or finds the job for a poster; a repeated requestId returns the first answer. */
    async createJob(request: CreateJobRequest): Promise<CreateJobResponse> {
      if (!request.requestId) return create(request);
      const fingerprint = fingerprintOf(request);
      const stored = await jobs.getStoredResponse(request.requestId);
      if (stored) return replay(stored, fingerprint);
      const response = await create(request);
      const kept = await jobs.saveStoredResponse(request.requestId, { fingerprint, ...response });
      return replay(kept, fingerprint);
    },
  };
}

export type CreateJobService = ReturnType<typeof createJobService>;

function replay(stored: { fingerprint: string; statusCode: number; body: unknown }, fingerprint: string) {
  if (stored.fingerprint !== fingerprint) {
    throw new IdempotencyConflictError(
      "this requestId was already used for a different platform or posterUrl",
    );
  }
  return { statusCode: stored.statusCode, body: stored.body } as CreateJobResponse;
}

function fingerprintOf(request: CreateJobRequest): string {
  return sha256(
    Buffer.from(JSON.stringify([request.platform, request.posterUrl, request.artworkType ?? ""])),
  );
}

function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}
