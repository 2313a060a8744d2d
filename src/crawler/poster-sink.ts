import type { CrawlCounts, CrawlError, CrawledPoster } from "../ports/crawl-run-store.js";
import type { CreateJobRequest } from "../services/create-job.js";
import type { FoundPoster } from "./extract/extract-posters.js";
import type { TitleMetadata } from "./extract/metadata.js";
import { describeSubmitError, type SubmitPoster } from "./submit/submit-poster.js";

export interface PosterSinkOptions {
  platform: string;
  artworkType: string;
  runId: string;
  dryRun: boolean;
  maxPosters: number;
  submitConcurrency: number;
  submit: SubmitPoster;
  counts: CrawlCounts;
  errors: CrawlError[];
  now: () => Date;
}

export interface SinkEntry {
  poster: FoundPoster;
  record: CrawledPoster;
  /** Held back until its detail page has been read. */
  waitingFor?: string;
  handedOff: boolean;
}

export type AddResult = { kind: "new"; entry: SinkEntry } | { kind: "known" } | { kind: "full" };

/**
 * The posters of one run: each poster URL once, metadata merged from every sighting and the detail
 * page, and the hand-off to the job creator with a concurrency limit. Counts are kept here, so
 * discovered = submitted + cached + in flight + poster errors once the sink has drained.
 */
export class PosterSink {
  readonly #options: PosterSinkOptions;
  readonly #entries = new Map<string, SinkEntry>();
  readonly #waiting = new Map<string, SinkEntry[]>();
  readonly #queued: SinkEntry[] = [];
  readonly #inFlight = new Set<Promise<void>>();
  #cancelled = false;

  constructor(options: PosterSinkOptions) {
    this.#options = options;
  }

  get full(): boolean {
    return this.#entries.size >= this.#options.maxPosters;
  }

  /** Every poster with its outcome so far, in discovery order. */
  records(): CrawledPoster[] {
    return [...this.#entries.values()].map((e) => e.record);
  }

  add(found: FoundPoster): AddResult {
    const known = this.#entries.get(found.posterUrl);
    if (known) {
      known.poster.metadata = { ...found.metadata, ...known.poster.metadata };
      if (!known.poster.detailUrl && found.detailUrl && !known.handedOff && !known.waitingFor) {
        known.poster.detailUrl = found.detailUrl;
      }
      this.#refreshRecord(known);
      return { kind: "known" };
    }
    if (this.full) return { kind: "full" };
    const entry: SinkEntry = {
      poster: { ...found, metadata: { ...found.metadata } },
      record: {
        posterUrl: found.posterUrl,
        pageUrl: found.detailUrl ?? found.catalogUrl,
        outcome: "not_submitted",
      },
      handedOff: false,
    };
    this.#refreshRecord(entry);
    this.#entries.set(found.posterUrl, entry);
    this.#options.counts.discovered += 1;
    return { kind: "new", entry };
  }

  /** Keeps the poster until `detailUrl` has been read (or has failed). */
  holdForDetail(entry: SinkEntry, detailUrl: string): void {
    entry.waitingFor = detailUrl;
    const list = this.#waiting.get(detailUrl) ?? [];
    list.push(entry);
    this.#waiting.set(detailUrl, list);
  }

  /** A detail page's metadata, which knows the title better than a tile's alt text. */
  applyDetail(detailUrl: string, metadata: TitleMetadata): void {
    for (const entry of this.#waiting.get(detailUrl) ?? []) this.mergeMetadata(entry, metadata);
    this.releaseDetail(detailUrl);
  }

  mergeMetadata(entry: SinkEntry, metadata: TitleMetadata): void {
    entry.poster.metadata = { ...entry.poster.metadata, ...metadata };
    this.#refreshRecord(entry);
  }

  /** Hands off the posters that waited for this detail page, with whatever is known. */
  releaseDetail(detailUrl: string): void {
    const list = this.#waiting.get(detailUrl) ?? [];
    this.#waiting.delete(detailUrl);
    for (const entry of list) {
      entry.waitingFor = undefined;
      this.release(entry);
    }
  }

  release(entry: SinkEntry): void {
    if (entry.handedOff || entry.waitingFor) return;
    entry.handedOff = true;
    if (this.#options.dryRun) {
      entry.record.outcome = "dry_run";
      return;
    }
    if (this.#cancelled) return;
    this.#queued.push(entry);
    this.#pump();
  }

  /** Releases everything still held, then waits until every hand-off has finished. */
  async drain(): Promise<void> {
    for (const detailUrl of [...this.#waiting.keys()]) this.releaseDetail(detailUrl);
    for (;;) {
      this.#pump();
      if (this.#inFlight.size === 0) return;
      await Promise.race(this.#inFlight);
    }
  }

  /** Stops handing off; posters not yet handed off stay `not_submitted`. */
  cancel(): void {
    this.#cancelled = true;
    this.#queued.length = 0;
  }

  #pump(): void {
    while (!this.#cancelled && this.#inFlight.size < this.#options.submitConcurrency) {
      const entry = this.#queued.shift();
      if (!entry) return;
      const task = this.#submit(entry).finally(() => this.#inFlight.delete(task));
      this.#inFlight.add(task);
    }
  }

  async #submit(entry: SinkEntry): Promise<void> {
    const { counts, errors } = this.#options;
    try {
      const response = await this.#options.submit(this.#request(entry.poster));
      entry.record.jobId = response.body.jobId;
      if (response.statusCode === 202) {
        entry.record.outcome = "submitted";
        counts.submitted += 1;
      } else if (response.body.cached) {
        entry.record.outcome = "cached";
        counts.cached += 1;
      } else {
        entry.record.outcome = "in_flight";
        counts.inFlight += 1;
      }
    } catch (error) {
      const { code, reason } = describeSubmitError(error);
      entry.record.outcome = "error";
      errors.push({
        kind: "poster",
        url: entry.poster.posterUrl,
        code,
        reason,
        at: this.#options.now().toISOString(),
      });
      counts.errors = errors.length;
    } finally {
      this.#pump();
    }
  }

  #request(poster: FoundPoster): CreateJobRequest {
    const { title, ...known } = poster.metadata;
    const metadata: Record<string, unknown> = {
      ...(title ? { title } : {}),
      ...known,
      catalogUrl: poster.catalogUrl,
      ...(poster.detailUrl ? { detailUrl: poster.detailUrl } : {}),
      foundBy: poster.source,
      crawlRunId: this.#options.runId,
    };
    return {
      platform: this.#options.platform,
      artworkType: this.#options.artworkType,
      posterUrl: poster.posterUrl,
      pageUrl: poster.detailUrl ?? poster.catalogUrl,
      metadata,
    };
  }

  #refreshRecord(entry: SinkEntry): void {
    entry.record.pageUrl = entry.poster.detailUrl ?? entry.poster.catalogUrl;
    if (entry.poster.metadata.title) entry.record.title = entry.poster.metadata.title;
  }
}
