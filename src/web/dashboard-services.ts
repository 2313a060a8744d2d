import type { AccessControl } from "../auth/access-control.js";
import type { PolicySource } from "../compliance/policy/policy-source.js";
import type { Policy } from "../domain/policy.js";
import type { Clock } from "../ports/clock.js";
import type { JobQueue } from "../ports/job-queue.js";
import type { JobStore } from "../ports/job-store.js";
import type { ObjectStore } from "../ports/object-store.js";
import type { PosterIndex } from "../ports/poster-index.js";
import type { DeadLetterService } from "../services/dead-letters.js";
import type { PosterIndexService } from "../services/poster-index-service.js";
import type { RejudgeService } from "../services/rejudge-posters.js";
import type { ReviewService } from "../services/review-service.js";
import type { ThumbnailService } from "../services/thumbnails.js";
import type { CrawlConsole } from "./crawl-console.js";

/** The part of the composed services the dashboard and the review API use. */
export interface DashboardServices {
  clock: Clock;
  jobs: JobStore;
  queue: JobQueue;
  objects: ObjectStore;
  policies: PolicySource;
  policyFor: (platform: string | undefined, artworkType: string | undefined) => Policy;
  deadLetters: DeadLetterService;
  rejudge: RejudgeService;
  posterIndex: PosterIndex;
  indexer: PosterIndexService;
  reviews: ReviewService;
  thumbnails: ThumbnailService;
  access: AccessControl;
  crawls?: CrawlConsole | undefined;
}
