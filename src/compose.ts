import { join } from "node:path";
import type { Logger } from "pino";
import { createAwsAdapters } from "./adapters/aws/create-aws-adapters.js";
import { FilesystemObjectStore } from "./adapters/embedded/filesystem-object-store.js";
import { openDatabase } from "./adapters/embedded/open-database.js";
import { SqliteJobIntake } from "./adapters/embedded/sqlite-job-intake.js";
import { SqliteJobQueue } from "./adapters/embedded/sqlite-job-queue.js";
import { SqliteJobStore } from "./adapters/embedded/sqlite-job-store.js";
import { SqliteNearDuplicateIndex } from "./adapters/embedded/sqlite-near-duplicate-index.js";
import { SqlitePosterIndex } from "./adapters/embedded/sqlite-poster-index.js";
import { SqliteReviewStore } from "./adapters/embedded/sqlite-review-store.js";
import { createHttpPosterFetcher } from "./adapters/fetch/http-poster-fetcher.js";
import { loadAccessControl } from "./auth/access-control.js";
import { ComplianceEngine } from "./compliance/compliance-engine.js";
import { createDetectors, KNOWN_DETECTORS } from "./compliance/detector-registry.js";
import { indexingPdqObservations } from "./compliance/index-pdq-observations.js";
import { PolicyError } from "./compliance/policy/policy-error.js";
import { PolicySource } from "./compliance/policy/policy-source.js";
import { composeCrawler } from "./compose-crawler.js";
import { type Config, ConfigError } from "./config.js";
import { newUlid } from "./ids/new-ulid.js";
import { inspectImage } from "./imaging/inspect-image.js";
import { createLogger } from "./observability/logger.js";
import { createMetrics } from "./observability/metrics.js";
import { type Clock, systemClock } from "./ports/clock.js";
import { createJobService } from "./services/create-job.js";
import { deadLetterService } from "./services/dead-letters.js";
import {
  indexingCreateJob,
  indexingDeadLetters,
  indexingProcessJob,
  indexingRejudge,
  posterIndexService,
} from "./services/poster-index-service.js";
import { processJobService } from "./services/process-job.js";
import { rejudgeService } from "./services/rejudge-posters.js";
import { reviewService } from "./services/review-service.js";
import { thumbnailService } from "./services/thumbnails.js";
import { WorkerPool } from "./services/worker-pool.js";

/** The composition root: the one place that reads configuration and picks adapters. */
export function compose(config: Config, log: Logger = createLogger(config.LOG_LEVEL)) {
  const detectors = detectorsFor(config);
  const clock = systemClock;
  const storage = config.BACKEND === "aws" ? createAwsAdapters(config, log) : embeddedStorage(config, clock);
  const { jobs, queue, objects, intake, nearDuplicates } = storage;
  const fetcher = fetcherFor(config);
  const metrics = createMetrics(queue);
  const policies = loadPolicySource(config.POLICY, log);
  const policyFor = (platform: string | undefined, artworkType: string | undefined) =>
    policies.forPoster(platform, artworkType);
  // Each poster joins the near-duplicate index as its PDQ observation is saved.
  const observations = indexingPdqObservations(jobs, nearDuplicates, (posterHash, err) =>
    log.warn({ posterHash, err }, "could not add the poster to the near-duplicate index"),
  );
  const engine = new ComplianceEngine(detectors, observations, clock, (detector, ms) =>
    metrics.detectorDuration.observe({ detector }, ms / 1000),
  );

  // The dashboard: access control, human reviews (DynamoDB with BACKEND=aws) and the poster
  // index, a read model of the job store (SQLite: the embedded database, or a local file) that
  // follows the store's change feed.
  const access = loadAccessControl(config);
  const dashboardDb =
    "db" in storage ? storage.db : openDatabase(join(config.DATA_DIR, "posterguard-dashboard.db"));
  const reviewStore = "reviews" in storage ? storage.reviews : new SqliteReviewStore(dashboardDb);
  const posterIndex = new SqlitePosterIndex(dashboardDb);
  const thumbnails = thumbnailService({ objects });
  const indexer = posterIndexService({
    jobs,
    reviews: reviewStore,
    index: posterIndex,
    thumbnails,
    policyFor,
    log,
  });
  const reviews = reviewService({
    reviews: reviewStore,
    verdictOf: (posterHash) => indexer.verdictOf(posterHash),
    // `announce`: the poster moves to the end of the change feed, so other processes' indexes see the review.
    onReviewed: (posterHash) => indexer.refreshSafely(posterHash, { announce: true }),
    clock,
    newDecisionId: newUlid,
  });

  // Each core service is wrapped so the poster index follows every change to a poster.
  const createJob = indexingCreateJob(
    createJobService({
      jobs,
      intake,
      objects,
      fetcher,
      clock,
      policyFor,
      inspectImage: (bytes) => inspectImage(bytes, { maxPixels: config.MAX_IMAGE_PIXELS }),
      newJobId: newUlid,
      onOutcome: (outcome) => metrics.jobRequests.inc({ outcome }),
    }),
    jobs,
    indexer,
  );
  const processJob = indexingProcessJob(
    processJobService({
      jobs,
      objects,
      queue,
      engine,
      policyFor,
      clock,
      log,
      visibilityTimeoutSeconds: config.VISIBILITY_TIMEOUT_SECONDS,
      jobTimeoutMs: config.JOB_TIMEOUT_SECONDS * 1000,
      backoff: { baseSeconds: config.RETRY_BASE_SECONDS, maxSeconds: config.RETRY_MAX_SECONDS },
      onFinished: (outcome, durationMs) => {
        metrics.jobsProcessed.inc({ outcome });
        if (outcome === "completed") metrics.processingDuration.observe(durationMs / 1000);
      },
    }),
    indexer,
  );
  const deadLetters = indexingDeadLetters(deadLetterService({ jobs, queue, clock, log }), indexer);
  const rejudge = indexingRejudge(
    rejudgeService({ jobs, engine, policyFor, clock, newJobId: newUlid, log }),
    indexer,
  );

  const crawling = composeCrawler(config, {
    createJob,
    db: "db" in storage ? storage.db : dashboardDb,
    ...("crawlRuns" in storage ? { runs: storage.crawlRuns } : {}),
    clock,
    log,
  });

  function createWorkerPool(concurrency = config.WORKER_CONCURRENCY): WorkerPool {
    return new WorkerPool(
      queue,
      processJob,
      { concurrency, visibilityTimeoutSeconds: config.VISIBILITY_TIMEOUT_SECONDS, waitTimeMs: 1000 },
      log,
    );
  }

  return {
    config,
    log,
    clock,
    jobs,
    queue,
    objects,
    metrics,
    policies,
    policyFor,
    engine,
    createJob,
    processJob,
    deadLetters,
    rejudge,
    createWorkerPool,
    access,
    posterIndex,
    nearDuplicates,
    indexer,
    reviews,
    thumbnails,
    crawler: crawling.crawler,
    crawlRuns: crawling.crawlRuns,
    crawlProfiles: crawling.profiles,
    crawlScheduler: crawling.scheduler,
    /** The crawler as the dashboard sees it. */
    crawls: crawling.console,
    async close() {
      crawling.scheduler.stop();
      await crawling.crawler.close();
      await createJob.flush();
      await Promise.all(engine.entries.map((d) => d.close?.()));
      await queue.close();
      await jobs.close();
      if (!("db" in storage)) dashboardDb.close();
      storage.close();
    },
  };
}

export type Services = ReturnType<typeof compose>;

/** The embedded default: one SQLite file for jobs and the queue, posters as files. */
function embeddedStorage(config: Config, clock: Clock) {
  const db = openDatabase(join(config.DATA_DIR, "posterguard.db"));
  const jobs = new SqliteJobStore(db);
  const queue = new SqliteJobQueue(db, { maxReceiveCount: config.MAX_RECEIVE_COUNT, clock });
  return {
    jobs,
    queue,
    intake: new SqliteJobIntake(db, jobs, queue),
    nearDuplicates: new SqliteNearDuplicateIndex(db),
    objects: new FilesystemObjectStore(config.DATA_DIR, config.BUCKET_NAME),
    db,
    close: () => db.close(),
  };
}

/** The guarded poster fetcher with the configured address rules and limits. */
function fetcherFor(config: Config) {
  return createHttpPosterFetcher({
    allowPrivate: config.FETCH_ALLOW_PRIVATE,
    allowedCidrs: config.FETCH_ALLOWED_CIDRS,
    maxBytes: config.FETCH_MAX_BYTES,
    connectTimeoutMs: config.FETCH_CONNECT_TIMEOUT_MS,
    totalTimeoutMs: config.FETCH_TIMEOUT_MS,
    maxRedirects: config.FETCH_MAX_REDIRECTS,
    userAgent: config.FETCH_USER_AGENT,
  });
}

function detectorsFor(config: Config) {
  const unknown = config.DETECTORS.filter((name) => !KNOWN_DETECTORS.includes(name));
  if (unknown.length > 0) {
    throw new ConfigError([
      `DETECTORS=${config.DETECTORS.join(",")}: unknown ${unknown.join(", ")}; known: ${KNOWN_DETECTORS.join(", ")}`,
    ]);
  }
  try {
    return createDetectors(config.DETECTORS, config);
  } catch (error) {
    throw new ConfigError([`DETECTORS=${config.DETECTORS.join(",")}: ${(error as Error).message}`]);
  }
}

function loadPolicySource(reference: string, log: Logger): PolicySource {
  try {
    return new PolicySource(reference, log);
  } catch (error) {
    if (error instanceof PolicyError) {
      throw new ConfigError([`POLICY=${reference}: ${error.message}`]);
    }
    throw error;
  }
}

/**
 * What `posterguard check` needs: the same engine and policies as the worker, with observations
 * kept in memory so a check leaves nothing behind.
 */
export function composeChecker(config: Config, log: Logger = createLogger("silent")) {
  const db = openDatabase(":memory:");
  const observations = new SqliteJobStore(db);
  const policies = loadPolicySource(config.POLICY, log);
  const detectors = detectorsFor(config);
  const engine = new ComplianceEngine(detectors, observations, systemClock);
  const fetcher = fetcherFor(config);
  return {
    engine,
    observations,
    policies,
    fetcher,
    inspectImage: (bytes: Buffer) => inspectImage(bytes, { maxPixels: config.MAX_IMAGE_PIXELS }),
    async close() {
      await Promise.all(detectors.map((d) => d.close?.()));
      fetcher.close();
      db.close();
    },
  };
}
