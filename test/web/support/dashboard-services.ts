import { join } from "node:path";
import type { Logger } from "pino";
import { ulid } from "ulid";
import { openDatabase } from "../../../src/adapters/embedded/open-database.js";
import { SqlitePosterIndex } from "../../../src/adapters/embedded/sqlite-poster-index.js";
import { SqliteReviewStore } from "../../../src/adapters/embedded/sqlite-review-store.js";
import { type AccessConfig, loadAccessControl } from "../../../src/auth/access-control.js";
import { compose } from "../../../src/compose.js";
import type { Config } from "../../../src/config.js";
import {
  indexingCreateJob,
  indexingDeadLetters,
  indexingProcessJob,
  indexingRejudge,
  posterIndexService,
} from "../../../src/services/poster-index-service.js";
import { reviewService } from "../../../src/services/review-service.js";
import { thumbnailService } from "../../../src/services/thumbnails.js";
import { WorkerPool } from "../../../src/services/worker-pool.js";
import type { CrawlConsole } from "../../../src/web/crawl-console.js";

/**
 * The composition the lead is asked to put in compose.ts, built around the real compose():
 * the same stores, services and hook wrappers, in the same order. (compose.ts keeps its
 * database handle to itself, so the new stores open a second connection to the same file.)
 */
export function composeWithDashboard(config: Config & AccessConfig, log: Logger, crawls?: CrawlConsole) {
  const base = compose(config, log);
  const db = openDatabase(join(config.DATA_DIR, "posterguard.db"));

  const reviewStore = new SqliteReviewStore(db);
  const posterIndex = new SqlitePosterIndex(db);
  const thumbnails = thumbnailService({ objects: base.objects });
  const indexer = posterIndexService({
    jobs: base.jobs,
    reviews: reviewStore,
    index: posterIndex,
    thumbnails,
    policyFor: base.policyFor,
    log,
  });
  const reviews = reviewService({
    reviews: reviewStore,
    verdictOf: (posterHash) => indexer.verdictOf(posterHash),
    onReviewed: (posterHash) => indexer.refreshSafely(posterHash),
    clock: base.clock,
    newDecisionId: ulid,
  });
  const access = loadAccessControl(config);

  const createJob = indexingCreateJob(base.createJob, base.jobs, indexer);
  const processJob = indexingProcessJob(base.processJob, indexer);
  const deadLetters = indexingDeadLetters(base.deadLetters, indexer);
  const rejudge = indexingRejudge(base.rejudge, indexer);

  function createWorkerPool(concurrency = config.WORKER_CONCURRENCY): WorkerPool {
    return new WorkerPool(
      base.queue,
      processJob,
      { concurrency, visibilityTimeoutSeconds: config.VISIBILITY_TIMEOUT_SECONDS, waitTimeMs: 1000 },
      log,
    );
  }

  return {
    ...base,
    createJob,
    processJob,
    deadLetters,
    rejudge,
    createWorkerPool,
    posterIndex,
    indexer,
    reviews,
    thumbnails,
    access,
    crawls,
    async close() {
      await base.close();
      db.close();
    },
  };
}

export type DashboardTestServices = ReturnType<typeof composeWithDashboard>;
