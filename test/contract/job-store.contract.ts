import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InvalidCursorError } from "../../src/domain/cursor.js";
import type { Job } from "../../src/domain/job.js";
import type { JobListFilter, JobStore } from "../../src/ports/job-store.js";
import {
  at,
  failingResult,
  HASH,
  jobId,
  newJob,
  posterHash,
  result,
  TestClock,
} from "./job-store-fixtures.js";

export interface OpenedJobStore {
  store: JobStore;
  close(): Promise<void>;
}

/** Longer than any store holds a change back from its feed. */
const SETTLED_MS = 60_000;

/**
 * Everything a JobStore promises, run against each adapter on an empty store per test. A store
 * that stamps its change feed from a clock gets `clock`, which the suite moves.
 */
export function describeJobStoreContract(
  name: string,
  open: (options: { clock: TestClock }) => Promise<OpenedJobStore>,
): void {
  describe(`JobStore contract: ${name}`, () => {
    let opened: OpenedJobStore;
    let store: JobStore;
    let clock: TestClock;

    beforeEach(async () => {
      clock = new TestClock(at(0));
      opened = await open({ clock });
      store = opened.store;
    });
    afterEach(async () => {
      await opened.close();
    });

    /** Every page of a listing, following cursors. */
    async function listAll(filter: Omit<JobListFilter, "cursor">): Promise<Job[][]> {
      const pages: Job[][] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listJobs({ ...filter, cursor });
        pages.push(page.items);
        cursor = page.nextCursor;
      } while (cursor && pages.length < 50);
      return pages;
    }

    const ids = (jobs: Job[]) => jobs.map((j) => j.jobId);

    describe("creation", () => {
      it("creates one job per (poster, verdict key) and replaces only a FAILED one", async () => {
        const first = await store.createIfAbsent(newJob(jobId(1)));
        expect(first).toMatchObject({ created: true, job: { status: "PENDING", attempts: 0 } });
        const second = await store.createIfAbsent(newJob(jobId(2)));
        expect(second).toMatchObject({ created: false, job: { jobId: jobId(1) } });
        const otherPolicy = await store.createIfAbsent(
          newJob(jobId(3), { policyVersion: "v2", verdictKey: "v2" }),
        );
        expect(otherPolicy.created).toBe(true);

        await store.failJob(jobId(1), null, { code: "X", message: "boom" }, "2026-01-01T00:01:00Z");
        const retry = await store.createIfAbsent(newJob(jobId(4)));
        expect(retry).toMatchObject({ created: true, job: { jobId: jobId(4) } });
        expect((await store.findCurrentForPoster(HASH, "v1"))?.jobId).toBe(jobId(4));
        expect((await store.findCurrentForPoster(HASH, "v2"))?.jobId).toBe(jobId(3));
      });

      it("stores every field of a new job and returns it as written", async () => {
        const input = newJob(jobId(1), {
          requestId: "req-1",
          pageUrl: "https://catalog.example/title/1",
          metadata: {
            title: "Ünïcode — “quoted”",
            year: 1999,
            tags: ["a", "b"],
            nested: { ok: true, none: null },
          },
          createdAt: at(5),
        });
        const { created, job } = await store.createIfAbsent(input);
        expect(created).toBe(true);
        const expected: Job = {
          jobId: input.jobId,
          requestId: "req-1",
          posterHash: HASH,
          policyVersion: "v1",
          verdictKey: "v1",
          platform: "streamflix",
          artworkType: "poster",
          posterUrl: input.posterUrl,
          pageUrl: "https://catalog.example/title/1",
          metadata: input.metadata,
          status: "PENDING",
          attempts: 0,
          storage: input.storage,
          createdAt: at(5),
          updatedAt: at(5),
        };
        expect(job).toEqual(expected);
        expect(await store.getJob(input.jobId)).toEqual(expected);
      });

      it("leaves optional fields out when they were not given", async () => {
        await store.createIfAbsent(newJob(jobId(1)));
        const job = await store.getJob(jobId(1));
        for (const field of ["requestId", "pageUrl", "startedAt", "completedAt", "result", "error"]) {
          expect(job && field in job, field).toBe(false);
        }
      });

      it("answers undefined for a job or a poster it does not know", async () => {
        expect(await store.getJob(jobId(99))).toBeUndefined();
        expect(await store.findCurrentForPoster(HASH, "v1")).toBeUndefined();
        await store.createIfAbsent(newJob(jobId(1)));
        expect(await store.findCurrentForPoster(HASH, "v9")).toBeUndefined();
        expect(await store.findCurrentForPoster(posterHash("b"), "v1")).toBeUndefined();
      });

      it("returns an in-flight or COMPLETED job instead of creating another", async () => {
        await store.createIfAbsent(newJob(jobId(1)));
        await store.startProcessing(jobId(1), "t", at(30), at(0));
        expect(await store.createIfAbsent(newJob(jobId(2)))).toMatchObject({
          created: false,
          job: { jobId: jobId(1), status: "PROCESSING" },
        });
        await store.completeJob(jobId(1), "t", failingResult, at(2), 40);
        const outcome = await store.createIfAbsent(newJob(jobId(3)));
        expect(outcome).toMatchObject({ created: false, job: { jobId: jobId(1), status: "COMPLETED" } });
        expect(outcome.job.result).toEqual(failingResult);
        expect(await store.getJob(jobId(2))).toBeUndefined();
        expect(await store.getJob(jobId(3))).toBeUndefined();
      });

      it("creates exactly one job when 50 requests for one poster race", async () => {
        const outcomes = await Promise.all(
          Array.from({ length: 50 }, (_, i) => store.createIfAbsent(newJob(jobId(100 + i)))),
        );
        const created = outcomes.filter((o) => o.created);
        expect(created).toHaveLength(1);
        const winner = created[0]?.job.jobId;
        expect(new Set(outcomes.map((o) => o.job.jobId))).toEqual(new Set([winner]));
        expect(ids((await store.listJobs({ posterHash: HASH, limit: 100 })).items)).toEqual([winner]);
        expect((await store.countByStatus()).PENDING).toBe(1);
      });

      it("replaces a FAILED job exactly once when 10 requests race", async () => {
        await store.createIfAbsent(newJob(jobId(1)));
        await store.failJob(jobId(1), null, { code: "X", message: "boom" }, at(1));
        const outcomes = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            store.createIfAbsent(newJob(jobId(200 + i), { createdAt: at(2) })),
          ),
        );
        const created = outcomes.filter((o) => o.created);
        expect(created).toHaveLength(1);
        const winner = created[0]?.job.jobId;
        expect(outcomes.every((o) => o.job.jobId === winner)).toBe(true);
        expect(await store.countByStatus()).toEqual({ PENDING: 1, PROCESSING: 0, COMPLETED: 0, FAILED: 1 });
      });

      it("records a verdict as a COMPLETED job under the same conditional write", async () => {
        const first = await store.recordVerdict(newJob(jobId(1)), failingResult, at(3));
        expect(first).toMatchObject({
          created: true,
          job: {
            status: "COMPLETED",
            completedAt: at(3),
            updatedAt: at(3),
            attempts: 0,
            processingDurationMs: 0,
          },
        });
        expect(first.job.result).toEqual(failingResult);
        expect(await store.getJob(jobId(1))).toEqual(first.job);

        expect(await store.recordVerdict(newJob(jobId(2)), result, at(4))).toMatchObject({
          created: false,
          job: { jobId: jobId(1) },
        });
        expect(await store.createIfAbsent(newJob(jobId(3)))).toMatchObject({ created: false });

        await store.createIfAbsent(newJob(jobId(4), { verdictKey: "v2", policyVersion: "v2" }));
        await store.failJob(jobId(4), null, { code: "X", message: "boom" }, at(5));
        const replaced = await store.recordVerdict(
          newJob(jobId(5), { verdictKey: "v2", policyVersion: "v2" }),
          result,
          at(6),
        );
        expect(replaced.created).toBe(true);
        expect(await store.findCurrentForPoster(HASH, "v2")).toMatchObject({
          jobId: jobId(5),
          status: "COMPLETED",
        });
      });

      it("records many verdicts in order, each under its own condition", async () => {
        await store.createIfAbsent(newJob(jobId(1), { posterHash: posterHash("1") }));
        const outcomes = await store.recordVerdicts([
          { job: newJob(jobId(2), { posterHash: posterHash("1") }), result, completedAt: at(2) },
          {
            job: newJob(jobId(3), { posterHash: posterHash("2") }),
            result: failingResult,
            completedAt: at(3),
          },
          { job: newJob(jobId(4), { posterHash: posterHash("3") }), result, completedAt: at(4) },
        ]);
        expect(outcomes.map((o) => [o.created, o.job.jobId])).toEqual([
          [false, jobId(1)],
          [true, jobId(3)],
          [true, jobId(4)],
        ]);
        expect(await store.getJob(jobId(3))).toMatchObject({ status: "COMPLETED", result: failingResult });
        expect(await store.recordVerdicts([])).toEqual([]);
      });
    });

    describe("latest job per poster", () => {
      it("pages the newest job of each poster in poster-hash order", async () => {
        const [p1, p2, p3, p4] = ["1", "2", "3", "4"].map(posterHash) as [string, string, string, string];
        await store.createIfAbsent(newJob(jobId(1), { posterHash: p3 }));
        await store.createIfAbsent(newJob(jobId(2), { posterHash: p1 }));
        await store.createIfAbsent(
          newJob(jobId(3), { posterHash: p1, verdictKey: "v2", policyVersion: "v2" }),
        );
        await store.createIfAbsent(newJob(jobId(4), { posterHash: p2 }));
        await store.failJob(jobId(4), null, { code: "X", message: "boom" }, at(1));
        await store.createIfAbsent(newJob(jobId(5), { posterHash: p2 }));
        await store.recordVerdict(newJob(jobId(6), { posterHash: p4 }), result, at(2));

        expect(ids(await store.latestJobPerPoster(undefined, 2))).toEqual([jobId(3), jobId(5)]);
        const next = await store.latestJobPerPoster(p2, 2);
        expect(next.map((j) => [j.posterHash, j.jobId])).toEqual([
          [p3, jobId(1)],
          [p4, jobId(6)],
        ]);
        expect(next[1]?.result).toEqual(result);
        expect(await store.latestJobPerPoster(p4, 2)).toEqual([]);
        expect(ids(await store.latestJobPerPoster(undefined, 10))).toEqual([
          jobId(3),
          jobId(5),
          jobId(1),
          jobId(6),
        ]);
      });

      it("returns nothing from an empty store", async () => {
        expect(await store.latestJobPerPoster(undefined, 10)).toEqual([]);
      });
    });

    describe("listing", () => {
      /** Five posters, jobs 30..34 created a second apart, odd ones on platform "odd". */
      async function fivePosters(): Promise<void> {
        for (let i = 0; i < 5; i++) {
          await store.createIfAbsent(
            newJob(jobId(30 + i), {
              posterHash: posterHash(String(i)),
              platform: i % 2 ? "odd" : "even",
              createdAt: at(i),
            }),
          );
        }
      }

      it("pages through jobs newest first with a platform filter", async () => {
        await fivePosters();
        const page1 = await store.listJobs({ limit: 2, platform: "even" });
        expect(ids(page1.items)).toEqual([jobId(34), jobId(32)]);
        const page2 = await store.listJobs({ limit: 2, platform: "even", cursor: page1.nextCursor });
        expect(ids(page2.items)).toEqual([jobId(30)]);
        expect(page2.nextCursor).toBeUndefined();
      });

      it("lists every job newest first without a filter, ending without a cursor", async () => {
        await fivePosters();
        const pages = await listAll({ limit: 2 });
        expect(pages.map(ids)).toEqual([[jobId(34), jobId(33)], [jobId(32), jobId(31)], [jobId(30)]]);
        const exact = await listAll({ limit: 5 });
        expect(exact.map(ids)).toEqual([[jobId(34), jobId(33), jobId(32), jobId(31), jobId(30)]]);
        expect(await store.listJobs({ limit: 2, platform: "nowhere" })).toEqual({ items: [] });
      });

      it("filters by status, newest first, and follows jobs as their status changes", async () => {
        await fivePosters();
        await store.startProcessing(jobId(31), "t", at(100), at(10));
        await store.completeJob(jobId(31), "t", result, at(11), 5);
        await store.failJob(jobId(33), null, { code: "X", message: "boom" }, at(12));
        await store.startProcessing(jobId(34), "t", at(100), at(13));

        expect((await listAll({ status: "PENDING", limit: 1 })).map(ids)).toEqual([[jobId(32)], [jobId(30)]]);
        expect((await listAll({ status: "COMPLETED", limit: 10 })).map(ids)).toEqual([[jobId(31)]]);
        expect((await listAll({ status: "FAILED", limit: 10 })).map(ids)).toEqual([[jobId(33)]]);
        const processing = await store.listJobs({ status: "PROCESSING", limit: 10 });
        expect(processing.items).toMatchObject([{ jobId: jobId(34), status: "PROCESSING", attempts: 1 }]);
        expect(
          (await listAll({ status: "PENDING", platform: "even", limit: 1 })).flat().map((j) => j.jobId),
        ).toEqual([jobId(32), jobId(30)]);
        expect((await store.listJobs({ status: "PENDING", platform: "odd", limit: 5 })).items).toEqual([]);
      });

      it("filters by poster hash, alone and with status or platform", async () => {
        await store.createIfAbsent(newJob(jobId(1), { createdAt: at(1) }));
        await store.createIfAbsent(
          newJob(jobId(2), { verdictKey: "v2", policyVersion: "v2", createdAt: at(2) }),
        );
        await store.createIfAbsent(
          newJob(jobId(3), { verdictKey: "v3", policyVersion: "v3", createdAt: at(3), platform: "other" }),
        );
        await store.createIfAbsent(newJob(jobId(4), { posterHash: posterHash("b"), createdAt: at(4) }));
        await store.failJob(jobId(2), null, { code: "X", message: "boom" }, at(5));

        expect((await listAll({ posterHash: HASH, limit: 2 })).map(ids)).toEqual([
          [jobId(3), jobId(2)],
          [jobId(1)],
        ]);
        expect(ids((await store.listJobs({ posterHash: HASH, status: "PENDING", limit: 10 })).items)).toEqual(
          [jobId(3), jobId(1)],
        );
        expect(
          ids((await store.listJobs({ posterHash: HASH, platform: "streamflix", limit: 10 })).items),
        ).toEqual([jobId(2), jobId(1)]);
        expect((await store.listJobs({ posterHash: posterHash("c"), limit: 10 })).items).toEqual([]);
      });

      it("returns full jobs, results included", async () => {
        await store.recordVerdict(newJob(jobId(1), { pageUrl: "https://c.example/1" }), failingResult, at(1));
        const [listed] = (await store.listJobs({ limit: 1 })).items;
        expect(listed).toEqual(await store.getJob(jobId(1)));
        expect(listed?.result).toEqual(failingResult);
      });

      it("lists only jobs, whatever else is stored about the same poster", async () => {
        await store.createIfAbsent(newJob(jobId(1)));
        await store.recordSighting({
          posterHash: HASH,
          platform: "streamflix",
          posterUrl: "u",
          seenAt: at(1),
        });
        await store.saveObservation(HASH, { detector: "ocr", version: "1", durationMs: 3, data: {} });
        await store.saveUrlValidators({ url: "u", posterHash: HASH, storageKey: "k" });
        await store.saveStoredResponse("r1", {
          fingerprint: "f",
          statusCode: 202,
          body: { jobId: jobId(1) },
        });
        for (const filter of [
          {},
          { posterHash: HASH },
          { status: "PENDING" as const },
          { platform: "streamflix" },
        ]) {
          expect(ids((await store.listJobs({ ...filter, limit: 10 })).items)).toEqual([jobId(1)]);
        }
        expect(await store.countByStatus()).toEqual({ PENDING: 1, PROCESSING: 0, COMPLETED: 0, FAILED: 0 });
        expect(ids(await store.latestJobPerPoster(undefined, 10))).toEqual([jobId(1)]);
      });

      it("refuses a cursor it did not give out with InvalidCursorError", async () => {
        await fivePosters();
        const forged = [
          "not a cursor",
          Buffer.from("{}").toString("base64url"),
          Buffer.from(JSON.stringify({ k: 42 })).toString("base64url"),
          Buffer.from("[1,2,3]").toString("base64url"),
        ];
        for (const cursor of forged) {
          await expect(store.listJobs({ limit: 2, cursor }), cursor).rejects.toBeInstanceOf(
            InvalidCursorError,
          );
          await expect(store.listJobs({ limit: 2, status: "PENDING", cursor })).rejects.toBeInstanceOf(
            InvalidCursorError,
          );
        }
      });

      it("refuses a cursor from another filter, or pages harmlessly within the new filter", async () => {
        await fivePosters();
        const statusCursor = (await store.listJobs({ limit: 2, status: "PENDING" })).nextCursor;
        const platformCursor = (await store.listJobs({ limit: 1, platform: "odd" })).nextCursor;
        expect(statusCursor).toBeDefined();
        expect(platformCursor).toBeDefined();
        const attempts: [JobListFilter, (job: Job) => boolean][] = [
          [{ limit: 10, platform: "odd", cursor: statusCursor }, (j) => j.platform === "odd"],
          [{ limit: 10, platform: "even", cursor: platformCursor }, (j) => j.platform === "even"],
          [{ limit: 10, status: "COMPLETED", cursor: statusCursor }, (j) => j.status === "COMPLETED"],
          [
            { limit: 10, posterHash: posterHash("1"), cursor: statusCursor },
            (j) => j.posterHash === posterHash("1"),
          ],
        ];
        for (const [filter, matches] of attempts) {
          try {
            const page = await store.listJobs(filter);
            expect(page.items.every(matches)).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(InvalidCursorError);
          }
        }
      });
    });

    describe("leases", () => {
      it("fences processing with a lease: no takeover while it is valid, no writes from a stale holder", async () => {
        const { job } = await store.createIfAbsent(newJob(jobId(10)));
        const t0 = "2026-01-01T00:00:00.000Z";
        const lease1 = await store.startProcessing(job.jobId, "token-1", "2026-01-01T00:00:30.000Z", t0);
        expect(lease1).toMatchObject({ status: "PROCESSING", attempts: 1, startedAt: t0, updatedAt: t0 });
        expect(
          await store.startProcessing(
            job.jobId,
            "token-2",
            "2026-01-01T00:00:40.000Z",
            "2026-01-01T00:00:10.000Z",
          ),
        ).toBeUndefined();

        // The lease ends at leaseUntil: a takeover at that very instant succeeds.
        const takeover = await store.startProcessing(
          job.jobId,
          "token-2",
          "2026-01-01T00:01:30.000Z",
          "2026-01-01T00:00:30.000Z",
        );
        expect(takeover).toMatchObject({ status: "PROCESSING", attempts: 2 });
        expect(await store.completeJob(job.jobId, "token-1", result, "2026-01-01T00:00:32.000Z", 5)).toBe(
          false,
        );
        expect(await store.extendLease(job.jobId, "token-1", "2026-01-01T00:05:00.000Z")).toBe(false);
        expect(await store.releaseJob(job.jobId, "token-1", undefined, "2026-01-01T00:00:32.000Z")).toBe(
          false,
        );
        expect(
          await store.failJob(job.jobId, "token-1", { code: "X", message: "m" }, "2026-01-01T00:00:32Z"),
        ).toBe(false);
        expect(await store.completeJob(job.jobId, "token-2", result, "2026-01-01T00:00:33.000Z", 7)).toBe(
          true,
        );

        const done = await store.getJob(job.jobId);
        expect(done).toMatchObject({
          status: "COMPLETED",
          result,
          processingDurationMs: 7,
          completedAt: "2026-01-01T00:00:33.000Z",
          updatedAt: "2026-01-01T00:00:33.000Z",
          attempts: 2,
        });
        expect(
          await store.startProcessing(
            job.jobId,
            "token-3",
            "2026-01-01T01:00:00.000Z",
            "2026-01-01T00:59:00.000Z",
          ),
        ).toBeUndefined();
        expect(await store.completeJob(job.jobId, "token-2", failingResult, at(100), 9)).toBe(false);
        expect((await store.getJob(job.jobId))?.result).toEqual(result);
      });

      it("extends a lease only for its holder, which keeps a takeover out", async () => {
        await store.createIfAbsent(newJob(jobId(1)));
        expect(await store.extendLease(jobId(1), "t", at(60))).toBe(false);
        await store.startProcessing(jobId(1), "t", at(30), at(0));
        expect(await store.extendLease(jobId(1), "t", at(90))).toBe(true);
        expect(await store.startProcessing(jobId(1), "other", at(120), at(60))).toBeUndefined();
        expect(await store.startProcessing(jobId(1), "other", at(150), at(90))).toMatchObject({
          attempts: 2,
        });
        expect(await store.extendLease(jobId(1), "t", at(200))).toBe(false);
        expect(await store.extendLease(jobId(99), "t", at(200))).toBe(false);
      });

      it("starts nothing that is unknown, FAILED or COMPLETED", async () => {
        expect(await store.startProcessing(jobId(99), "t", at(30), at(0))).toBeUndefined();
        await store.createIfAbsent(newJob(jobId(1)));
        await store.failJob(jobId(1), null, { code: "X", message: "boom" }, at(1));
        expect(await store.startProcessing(jobId(1), "t", at(30), at(2))).toBeUndefined();
        await store.recordVerdict(newJob(jobId(2), { verdictKey: "v2" }), result, at(3));
        expect(await store.startProcessing(jobId(2), "t", at(30), at(4))).toBeUndefined();
      });

      it("releases a job for a retry with its error, and clears the error on a clean release", async () => {
        const { job } = await store.createIfAbsent(newJob(jobId(20)));
        await store.startProcessing(job.jobId, "t", at(30), at(0));
        expect(await store.releaseJob(job.jobId, "t", { code: "E", message: "transient" }, at(1))).toBe(true);
        expect(await store.getJob(job.jobId)).toMatchObject({
          status: "PENDING",
          attempts: 1,
          updatedAt: at(1),
          error: { code: "E", message: "transient" },
        });
        expect(await store.releaseJob(job.jobId, "t", undefined, at(2))).toBe(false);

        await store.startProcessing(job.jobId, "t2", at(60), at(3));
        expect(await store.releaseJob(job.jobId, "t2", undefined, at(4))).toBe(true);
        const released = await store.getJob(job.jobId);
        expect(released).toMatchObject({ status: "PENDING", attempts: 2 });
        expect(released && "error" in released).toBe(false);
        expect(await store.startProcessing(job.jobId, "t3", at(90), at(5))).toMatchObject({ attempts: 3 });
      });

      it("completing clears an error left by an earlier attempt", async () => {
        await store.createIfAbsent(newJob(jobId(1)));
        await store.startProcessing(jobId(1), "t", at(30), at(0));
        await store.releaseJob(jobId(1), "t", { code: "E", message: "transient" }, at(1));
        await store.startProcessing(jobId(1), "t2", at(60), at(2));
        expect(await store.completeJob(jobId(1), "t2", result, at(3), 12)).toBe(true);
        const done = await store.getJob(jobId(1));
        expect(done).toMatchObject({ status: "COMPLETED", processingDurationMs: 12 });
        expect(done && "error" in done).toBe(false);
      });

      it("fails a job by its holder's token, or by a null token whoever holds it", async () => {
        await store.createIfAbsent(newJob(jobId(1)));
        await store.startProcessing(jobId(1), "t", at(30), at(0));
        expect(await store.failJob(jobId(1), "wrong", { code: "F", message: "m" }, at(1))).toBe(false);
        expect(
          await store.failJob(jobId(1), "t", { code: "CORRUPT_IMAGE", message: "cannot decode" }, at(2)),
        ).toBe(true);
        expect(await store.getJob(jobId(1))).toMatchObject({
          status: "FAILED",
          updatedAt: at(2),
          error: { code: "CORRUPT_IMAGE", message: "cannot decode" },
        });

        await store.createIfAbsent(newJob(jobId(2), { verdictKey: "v2" }));
        await store.startProcessing(jobId(2), "held", at(300), at(3));
        expect(await store.failJob(jobId(2), null, { code: "DLQ", message: "dead-lettered" }, at(4))).toBe(
          true,
        );
        expect(await store.getJob(jobId(2))).toMatchObject({ status: "FAILED", error: { code: "DLQ" } });
        expect(await store.completeJob(jobId(2), "held", result, at(5), 1)).toBe(false);

        await store.createIfAbsent(newJob(jobId(3), { verdictKey: "v3" }));
        expect(await store.failJob(jobId(3), null, { code: "DLQ", message: "m" }, at(6))).toBe(true);
        expect(await store.failJob(jobId(3), null, { code: "DLQ", message: "m" }, at(7))).toBe(false);

        await store.recordVerdict(newJob(jobId(4), { verdictKey: "v4" }), result, at(8));
        expect(await store.failJob(jobId(4), null, { code: "DLQ", message: "m" }, at(9))).toBe(false);
        expect(await store.failJob(jobId(99), null, { code: "DLQ", message: "m" }, at(9))).toBe(false);
      });

      it("requeues only a FAILED job, which can then run again", async () => {
        await store.createIfAbsent(newJob(jobId(1)));
        expect(await store.requeueFailedJob(jobId(1), at(1))).toBe(false);
        await store.startProcessing(jobId(1), "t", at(30), at(2));
        expect(await store.requeueFailedJob(jobId(1), at(3))).toBe(false);
        await store.failJob(jobId(1), "t", { code: "F", message: "dead" }, at(4));
        expect(await store.requeueFailedJob(jobId(1), at(5))).toBe(true);
        expect(await store.getJob(jobId(1))).toMatchObject({
          status: "PENDING",
          updatedAt: at(5),
          attempts: 1,
        });
        expect(await store.requeueFailedJob(jobId(1), at(6))).toBe(false);
        expect(await store.startProcessing(jobId(1), "t2", at(60), at(7))).toMatchObject({ attempts: 2 });
        expect(await store.requeueFailedJob(jobId(99), at(8))).toBe(false);
        expect(await store.createIfAbsent(newJob(jobId(2)))).toMatchObject({
          created: false,
          job: { jobId: jobId(1) },
        });
      });
    });

    describe("pending jobs for the sweeper", () => {
      it("lists PENDING jobs created before a time, oldest first, up to a limit", async () => {
        await store.createIfAbsent(newJob(jobId(1), { posterHash: posterHash("1"), createdAt: at(10) }));
        await store.createIfAbsent(newJob(jobId(2), { posterHash: posterHash("2"), createdAt: at(20) }));
        await store.createIfAbsent(newJob(jobId(3), { posterHash: posterHash("3"), createdAt: at(30) }));
        await store.createIfAbsent(newJob(jobId(4), { posterHash: posterHash("4"), createdAt: at(5) }));
        await store.startProcessing(jobId(4), "t", at(60), at(6));

        const ids = async (before: string, limit: number) =>
          (await store.listPendingCreatedBefore(before, limit)).map((job) => job.jobId);
        expect(await ids(at(25), 10)).toEqual([jobId(1), jobId(2)]);
        expect(await ids(at(99), 1)).toEqual([jobId(1)]);
        expect(await ids(at(10), 10)).toEqual([]);
        expect((await store.listPendingCreatedBefore(at(25), 10))[0]).toMatchObject({
          storage: { bucket: "b" },
          posterHash: posterHash("1"),
        });
      });
    });

    describe("sightings", () => {
      const seen = { posterHash: HASH, platform: "streamflix", posterUrl: "https://img.example/p.jpg" };

      it("records sightings once per place, counting repeats", async () => {
        await store.recordSighting({ ...seen, seenAt: at(0) });
        await store.recordSighting({ ...seen, seenAt: at(10) });
        await store.recordSighting({ ...seen, pageUrl: "https://c.example/t/1", seenAt: at(20) });
        await store.recordSighting({ ...seen, platform: "other", seenAt: at(5) });
        const sightings = await store.listSightings(HASH);
        expect(sightings).toEqual([
          {
            platform: "streamflix",
            posterUrl: seen.posterUrl,
            pageUrl: "https://c.example/t/1",
            firstSeenAt: at(20),
            lastSeenAt: at(20),
            timesSeen: 1,
          },
          {
            platform: "streamflix",
            posterUrl: seen.posterUrl,
            firstSeenAt: at(0),
            lastSeenAt: at(10),
            timesSeen: 2,
          },
          {
            platform: "other",
            posterUrl: seen.posterUrl,
            firstSeenAt: at(5),
            lastSeenAt: at(5),
            timesSeen: 1,
          },
        ]);
      });

      it("keeps the last sighting time from moving backwards", async () => {
        await store.recordSighting({ ...seen, seenAt: at(50) });
        await store.recordSighting({ ...seen, seenAt: at(40) });
        const [sighting] = await store.listSightings(HASH);
        expect(sighting).toMatchObject({ lastSeenAt: at(50), timesSeen: 2 });
      });

      it("counts concurrent sightings of one place", async () => {
        await Promise.all(
          Array.from({ length: 10 }, (_, i) => store.recordSighting({ ...seen, seenAt: at(i) })),
        );
        expect(await store.listSightings(HASH)).toMatchObject([{ timesSeen: 10, lastSeenAt: at(9) }]);
      });

      it("keeps each poster's sightings apart", async () => {
        await store.recordSighting({ ...seen, seenAt: at(0) });
        expect(await store.listSightings(posterHash("b"))).toEqual([]);
      });
    });

    describe("observations", () => {
      const ocr = {
        detector: "ocr",
        version: "7.0.0",
        durationMs: 180.5,
        data: {
          words: [{ text: "SALE", confidence: 0.91, box: { x: 1, y: 2, width: 3, height: 4 } }],
          empty: [],
        },
      };
      const metrics = {
        detector: "image-metrics",
        version: "1",
        durationMs: 4,
        data: { width: 2000, sharpness: 0.125 },
      };

      it("saves, gets and lists observations per poster, ordered by detector and version", async () => {
        await store.saveObservation(HASH, ocr);
        await store.saveObservation(HASH, metrics);
        await store.saveObservation(HASH, { ...ocr, version: "6.0.0", data: "old" });
        await store.saveObservation(posterHash("b"), metrics);

        expect(await store.getObservation(HASH, "ocr", "7.0.0")).toEqual(ocr);
        expect(await store.getObservation(HASH, "ocr", "8.0.0")).toBeUndefined();
        expect(await store.getObservation(posterHash("c"), "ocr", "7.0.0")).toBeUndefined();
        expect(await store.listObservations(HASH)).toEqual([
          metrics,
          { ...ocr, version: "6.0.0", data: "old" },
          ocr,
        ]);
        expect(await store.listObservations(posterHash("c"))).toEqual([]);
      });

      it("overwrites an observation of the same detector version", async () => {
        await store.saveObservation(HASH, ocr);
        const rerun = { ...ocr, durationMs: 99, data: { words: [] } };
        await store.saveObservation(HASH, rerun);
        expect(await store.getObservation(HASH, "ocr", "7.0.0")).toEqual(rerun);
        expect(await store.listObservations(HASH)).toEqual([rerun]);
      });

      it("keeps identifiers with separators apart", async () => {
        const a = { detector: "bedrock#nova", version: "1", durationMs: 1, data: "a" };
        const b = { detector: "bedrock", version: "nova#1", durationMs: 1, data: "b" };
        await store.saveObservation(HASH, a);
        await store.saveObservation(HASH, b);
        expect(await store.getObservation(HASH, "bedrock#nova", "1")).toEqual(a);
        expect(await store.getObservation(HASH, "bedrock", "nova#1")).toEqual(b);
      });
    });

    describe("URL validators", () => {
      it("saves, replaces and reads validators per URL", async () => {
        const url = `https://img.example/${"x".repeat(3000)}.jpg?v=1`;
        expect(await store.getUrlValidators(url)).toBeUndefined();
        await store.saveUrlValidators({
          url,
          posterHash: HASH,
          storageKey: "k1",
          etag: '"e1"',
          lastModified: "Mon",
        });
        expect(await store.getUrlValidators(url)).toEqual({
          url,
          posterHash: HASH,
          storageKey: "k1",
          etag: '"e1"',
          lastModified: "Mon",
        });
        await store.saveUrlValidators({ url, posterHash: posterHash("b"), storageKey: "k2" });
        expect(await store.getUrlValidators(url)).toEqual({
          url,
          posterHash: posterHash("b"),
          storageKey: "k2",
        });
        expect(await store.getUrlValidators(`${url}2`)).toBeUndefined();
      });
    });

    describe("stored responses", () => {
      it("keeps the first stored response for a requestId", async () => {
        expect(await store.getStoredResponse("r1")).toBeUndefined();
        const first = await store.saveStoredResponse("r1", {
          fingerprint: "f",
          statusCode: 202,
          body: { a: 1 },
        });
        const second = await store.saveStoredResponse("r1", {
          fingerprint: "g",
          statusCode: 200,
          body: { a: 2 },
        });
        expect(first).toEqual({ fingerprint: "f", statusCode: 202, body: { a: 1 } });
        expect(second).toEqual(first);
        expect(await store.getStoredResponse("r1")).toEqual(first);
        const other = await store.saveStoredResponse("r2", {
          fingerprint: "h",
          statusCode: 200,
          body: [null, "x", 1.5],
        });
        expect(other.body).toEqual([null, "x", 1.5]);
      });

      it("gives every racing request the same kept response", async () => {
        const kept = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            store.saveStoredResponse("race", { fingerprint: `f${i}`, statusCode: 202, body: { i } }),
          ),
        );
        const stored = await store.getStoredResponse("race");
        expect(stored).toBeDefined();
        for (const response of kept) expect(response).toEqual(stored);
      });
    });

    describe("change feed", () => {
      const error = { code: "E", message: "went wrong" };

      /** Lets every change made so far settle, then reads the feed from `after` to its end. */
      async function readFeed(after: string | undefined, limit: number) {
        clock.advance(SETTLED_MS);
        const pages: Job[][] = [];
        let watermark = after;
        for (;;) {
          const page = await store.listChangedSince(watermark, limit);
          expect(page.items.length).toBeLessThanOrEqual(limit);
          if (page.items.length === 0) {
            expect(page.next).toBe(watermark);
            return { pages, watermark };
          }
          expect(page.next).toBeDefined();
          expect(page.next).not.toBe(watermark);
          pages.push(page.items);
          watermark = page.next;
          if (pages.length > 50) throw new Error("the feed never ended");
        }
      }

      const statuses = (jobs: Job[]) => jobs.map((j) => [j.jobId, j.status]);

      it("lists every kind of change, oldest first, each job once at its latest change, across pages", async () => {
        const p = (n: number) => posterHash(String(n));
        // Set-up: jobs in the states the changes below start from, then a bystander that stays put.
        for (let n = 1; n <= 6; n++) await store.createIfAbsent(newJob(jobId(n), { posterHash: p(n) }));
        for (const n of [1, 3, 4]) await store.startProcessing(jobId(n), `t${n}`, at(30), at(1));
        await store.failJob(jobId(6), null, error, at(2));
        await store.createIfAbsent(newJob(jobId(9), { posterHash: p(9) }));

        // One change of each kind, in an order unlike the set-up's: a change that did not move
        // its job to the end of the feed would leave the job before the bystander.
        await store.failJob(jobId(1), "t1", error, at(3));
        await store.requeueFailedJob(jobId(6), at(4));
        await store.recordVerdict(newJob(jobId(7), { posterHash: p(7) }), result, at(5));
        await store.failJob(jobId(5), null, error, at(6));
        await store.releaseJob(jobId(4), "t4", error, at(7));
        await store.completeJob(jobId(3), "t3", failingResult, at(8), 40);
        await store.startProcessing(jobId(2), "t2", at(30), at(9));
        await store.createIfAbsent(newJob(jobId(8), { posterHash: p(8) }));

        const { pages } = await readFeed(undefined, 4);
        expect(pages.map((page) => page.length)).toEqual([4, 4, 1]);
        const all = pages.flat();
        expect(statuses(all)).toEqual([
          [jobId(9), "PENDING"],
          [jobId(1), "FAILED"],
          [jobId(6), "PENDING"],
          [jobId(7), "COMPLETED"],
          [jobId(5), "FAILED"],
          [jobId(4), "PENDING"],
          [jobId(3), "COMPLETED"],
          [jobId(2), "PROCESSING"],
          [jobId(8), "PENDING"],
        ]);
        // Full jobs, as getJob returns them.
        for (const job of all) expect(job).toEqual(await store.getJob(job.jobId));
        expect(all.find((j) => j.jobId === jobId(3))?.result).toEqual(failingResult);
      });

      it("pages through changes made in the same instant without skipping or repeating one", async () => {
        clock.frozen = true;
        for (let i = 1; i <= 5; i++) {
          await store.createIfAbsent(newJob(jobId(i), { posterHash: posterHash(String(i)) }));
        }
        const { pages } = await readFeed(undefined, 2);
        expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
        expect(pages.flat().map((j) => j.jobId)).toEqual([1, 2, 3, 4, 5].map(jobId));
      });

      it("returns nothing from the end of the feed until the next change, which then comes once", async () => {
        await store.createIfAbsent(newJob(jobId(1)));
        const { pages, watermark } = await readFeed(undefined, 10);
        expect(statuses(pages.flat())).toEqual([[jobId(1), "PENDING"]]);
        expect(watermark).toBeDefined();

        // Writes that change no job: refused lease writes, a cached creation, the poster's records.
        expect(await store.completeJob(jobId(1), "not-held", result, at(1), 1)).toBe(false);
        expect((await store.createIfAbsent(newJob(jobId(2)))).created).toBe(false);
        expect(await store.requeueFailedJob(jobId(1), at(1))).toBe(false);
        await store.recordSighting({
          posterHash: HASH,
          platform: "x",
          posterUrl: "https://i/p.jpg",
          seenAt: at(1),
        });
        await store.saveObservation(HASH, { detector: "ocr", version: "1", durationMs: 1, data: {} });
        await store.saveUrlValidators({ url: "https://i/p.jpg", posterHash: HASH, storageKey: "k" });
        await store.saveStoredResponse("req", { fingerprint: "f", statusCode: 202, body: {} });
        expect((await readFeed(watermark, 10)).pages).toEqual([]);

        await store.startProcessing(jobId(1), "t", at(30), at(2));
        const next = await readFeed(watermark, 10);
        expect(statuses(next.pages.flat())).toEqual([[jobId(1), "PROCESSING"]]);
        expect((await readFeed(next.watermark, 10)).pages).toEqual([]);
      });

      it("moves a touched job to the end of the feed without changing it", async () => {
        await store.createIfAbsent(newJob(jobId(1), { posterHash: posterHash("1") }));
        await store.createIfAbsent(newJob(jobId(2), { posterHash: posterHash("2") }));
        const before = await store.getJob(jobId(1));
        expect(await store.touchJob(jobId(1))).toBe(true);
        expect(await store.touchJob(jobId(99))).toBe(false);
        expect(await store.touchJob(`HEAD#${HASH}`)).toBe(false);
        const { pages } = await readFeed(undefined, 10);
        expect(pages.flat().map((j) => j.jobId)).toEqual([jobId(2), jobId(1)]);
        expect(await store.getJob(jobId(1))).toEqual(before);
      });

      it("has no watermark to give before the first change", async () => {
        expect(await store.listChangedSince(undefined, 10)).toEqual({ items: [], next: undefined });
      });

      it("gives a watermark at the end of the feed that skips what came before", async () => {
        await store.createIfAbsent(newJob(jobId(1), { posterHash: posterHash("1") }));
        await store.createIfAbsent(newJob(jobId(2), { posterHash: posterHash("2") }));
        clock.advance(SETTLED_MS);
        const end = await store.changeFeedEnd();
        expect((await readFeed(end, 10)).pages).toEqual([]);
        await store.startProcessing(jobId(1), "t", at(30), at(1));
        await store.createIfAbsent(newJob(jobId(3), { posterHash: posterHash("3") }));
        const { pages } = await readFeed(end, 10);
        expect(statuses(pages.flat())).toEqual([
          [jobId(1), "PROCESSING"],
          [jobId(3), "PENDING"],
        ]);
      });

      it("refuses a watermark it did not give out with InvalidCursorError", async () => {
        await expect(store.listChangedSince("not-a-watermark", 10)).rejects.toBeInstanceOf(
          InvalidCursorError,
        );
      });
    });

    describe("counts", () => {
      it("counts jobs by status, zeros included", async () => {
        expect(await store.countByStatus()).toEqual({ PENDING: 0, PROCESSING: 0, COMPLETED: 0, FAILED: 0 });
        for (let i = 0; i < 6; i++) await store.createIfAbsent(newJob(jobId(i + 1), { verdictKey: `v${i}` }));
        await store.startProcessing(jobId(1), "t", at(30), at(0));
        await store.startProcessing(jobId(2), "t", at(30), at(0));
        await store.completeJob(jobId(2), "t", result, at(1), 1);
        await store.failJob(jobId(3), null, { code: "F", message: "m" }, at(2));
        expect(await store.countByStatus()).toEqual({ PENDING: 3, PROCESSING: 1, COMPLETED: 1, FAILED: 1 });
      });
    });
  });
}
