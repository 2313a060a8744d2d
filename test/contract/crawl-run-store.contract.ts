import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InvalidCursorError } from "../../src/domain/cursor.js";
import type { CrawlRun, CrawlRunFilter, CrawlRunStore } from "../../src/ports/crawl-run-store.js";

export interface OpenedCrawlRunStore {
  store: CrawlRunStore;
  /** Another store on the same records, as a second process would open it. */
  another(): Promise<CrawlRunStore>;
  close(): Promise<void>;
}

/** ULID-shaped run ids whose order is their number's order. */
export function runId(n: number): string {
  return `01J${String(n).padStart(23, "0")}`;
}

export function crawlRun(n: number, overrides: Partial<CrawlRun> = {}): CrawlRun {
  const startedAt = new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString();
  return {
    runId: runId(n),
    platform: "alpha",
    trigger: "schedule",
    dryRun: false,
    status: "COMPLETED",
    startUrls: ["https://catalog.example/", "https://catalog.example/new"],
    startedAt,
    counts: {
      discovered: 2,
      submitted: 1,
      cached: 0,
      inFlight: 0,
      errors: 1,
      pages: 1,
      retries: 0,
      blocked: 0,
    },
    errors: [{ kind: "poster", url: "https://x/p.jpg", code: "NOT_AN_IMAGE", reason: "html", at: startedAt }],
    posters: [
      {
        posterUrl: "https://x/a.jpg",
        pageUrl: "https://x/a",
        title: "Ä “title”",
        outcome: "submitted",
        jobId: "J1",
      },
      { posterUrl: "https://x/p.jpg", pageUrl: "https://x/p", outcome: "error" },
    ],
    ...overrides,
  };
}

/** A run as big as a crawl of a large catalog: 1,500 posters are more than one DynamoDB item holds. */
export function bigRun(n: number, posters: number, errors: number): CrawlRun {
  const run = crawlRun(n);
  return {
    ...run,
    counts: { ...run.counts, discovered: posters, errors },
    posters: Array.from({ length: posters }, (_, i) => ({
      posterUrl: `https://img.catalog.example/posters/${i}/${"p".repeat(150)}.jpg`,
      pageUrl: `https://catalog.example/title/${i}/${"t".repeat(100)}`,
      title: `Title number ${i}`,
      outcome: i % 3 === 0 ? ("cached" as const) : ("submitted" as const),
      jobId: `01J${String(i).padStart(23, "0")}`,
    })),
    errors: Array.from({ length: errors }, (_, i) => ({
      kind: "page" as const,
      url: `https://catalog.example/page/${i}`,
      code: "HTTP_500",
      reason: `the server answered 500 on try ${i} ${"r".repeat(200)}`,
      attempts: 3,
      at: run.startedAt,
    })),
    agentSteps: [
      {
        pageUrl: "https://catalog.example/",
        step: "accept the cookie banner",
        completed: true,
        actions: [
          { answer: "click #accept", outcome: "ok" },
          { answer: "done", outcome: "done" },
        ],
      },
    ],
  };
}

/** Everything a CrawlRunStore promises, run against each adapter on an empty store per test. */
export function describeCrawlRunStoreContract(name: string, open: () => Promise<OpenedCrawlRunStore>): void {
  describe(`CrawlRunStore contract: ${name}`, () => {
    let opened: OpenedCrawlRunStore;
    let store: CrawlRunStore;
    const now = new Date("2025-01-01T00:00:00Z");
    const later = (s: number) => new Date(now.getTime() + s * 1000);

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });
    afterEach(async () => {
      await opened.close();
    });

    async function listPages(filter: Omit<CrawlRunFilter, "cursor">): Promise<string[][]> {
      const pages: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await store.list({ ...filter, ...(cursor ? { cursor } : {}) });
        pages.push(page.items.map((r) => r.runId));
        cursor = page.nextCursor;
      } while (cursor && pages.length < 50);
      return pages;
    }

    describe("records", () => {
      it("keeps whole records, replaces them on save, and knows each platform's last run", async () => {
        await store.save(crawlRun(1));
        await store.save(crawlRun(2, { platform: "beta", trigger: "api", dryRun: true }));
        await store.save(crawlRun(3, { status: "RUNNING", posters: [], errors: [] }));
        const finished = crawlRun(3, { finishedAt: "2025-01-01T00:09:00.000Z", stoppedBy: "maxPages" });
        await store.save(finished);

        expect(await store.get(runId(1))).toEqual(crawlRun(1));
        expect(await store.get(runId(3))).toEqual(finished);
        expect(await store.get(runId(99))).toBeUndefined();
        expect(await store.lastRun("alpha")).toEqual((({ posters: _, ...summary }) => summary)(finished));
        expect((await store.lastRun("beta"))?.runId).toBe(runId(2));
        expect(await store.lastRun("gamma")).toBeUndefined();
      });

      it("finds the last run by start time, even when an older run is saved after a newer one", async () => {
        await store.save(crawlRun(5));
        await store.save(crawlRun(4));
        expect((await store.lastRun("alpha"))?.runId).toBe(runId(5));
        await store.save(crawlRun(5, { status: "FAILED" }));
        expect(await store.lastRun("alpha")).toMatchObject({ runId: runId(5), status: "FAILED" });
      });

      it("keeps runs with thousands of posters and errors whole, and their agent steps", async () => {
        const big = bigRun(1, 1500, 400);
        await store.save(big);
        expect(await store.get(runId(1))).toEqual(big);
        const { posters: _, ...summary } = big;
        expect((await store.list({ limit: 5 })).items).toEqual([summary]);
      });

      it("replaces a long record by a short one, and an absent list stays absent", async () => {
        const big = bigRun(1, 1200, 300);
        await store.save(big);
        const { agentSteps: _, ...short } = crawlRun(1, { status: "FAILED" });
        await store.save(short);
        expect(await store.get(runId(1))).toEqual(short);
        expect(await store.get(runId(1))).not.toHaveProperty("agentSteps");
        const grown = bigRun(1, 1300, 10);
        await store.save(grown);
        expect(await store.get(runId(1))).toEqual(grown);
      });

      it("follows a run as it grows, one progress save after another", async () => {
        const final = bigRun(1, 700, 40);
        for (const size of [0, 1, 300, 301, 700]) {
          const progress: CrawlRun = {
            ...final,
            status: size < 700 ? "RUNNING" : "COMPLETED",
            posters: final.posters.slice(0, size),
            errors: final.errors.slice(0, size / 30),
          };
          await store.save(progress);
          expect(await store.get(runId(1))).toEqual(progress);
        }
      });
    });

    describe("listing", () => {
      it("lists summaries newest first, a page at a time, each run exactly once", async () => {
        for (const n of [3, 1, 7, 5, 2, 6, 4])
          await store.save(crawlRun(n, { platform: n % 2 ? "alpha" : "beta" }));
        const pages = await listPages({ limit: 3 });
        expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
        expect(pages.flat()).toEqual([7, 6, 5, 4, 3, 2, 1].map(runId));
        const [first] = (await store.list({ limit: 1 })).items;
        expect(first).toEqual((({ posters: _, ...summary }) => summary)(crawlRun(7)));
        expect(first).not.toHaveProperty("posters");
        expect((await listPages({ limit: 7 })).map((p) => p.length)).toEqual([7]);
      });

      it("filters by platform, paging within it", async () => {
        for (let n = 1; n <= 7; n++)
          await store.save(crawlRun(n, { platform: n % 3 === 0 ? "beta" : "alpha" }));
        const alpha = await listPages({ limit: 2, platform: "alpha" });
        expect(alpha.flat()).toEqual([7, 5, 4, 2, 1].map(runId));
        expect(alpha.map((p) => p.length)).toEqual([2, 2, 1]);
        expect((await listPages({ limit: 5, platform: "beta" })).flat()).toEqual([6, 3].map(runId));
        expect((await store.list({ limit: 5, platform: "gamma" })).items).toEqual([]);
      });

      it("has nothing to list before the first run, and refuses a cursor it did not give out", async () => {
        expect(await store.list({ limit: 5 })).toEqual({ items: [] });
        await store.save(crawlRun(1));
        await expect(store.list({ limit: 1, cursor: "not-a-cursor" })).rejects.toBeInstanceOf(
          InvalidCursorError,
        );
      });
    });

    describe("leases", () => {
      it("gives a platform's lease to one holder at a time, across stores, until it expires", async () => {
        const here = store;
        const there = await opened.another();
        expect(await here.acquireLease("alpha", "process-a", later(60), now)).toBe(true);
        expect(await there.acquireLease("alpha", "process-b", later(60), later(1))).toBe(false);
        expect(await there.acquireLease("beta", "process-b", later(60), later(1))).toBe(true);
        expect(await here.acquireLease("alpha", "process-a", later(90), later(2))).toBe(true);
        expect(await here.renewLease("alpha", "process-a", later(120))).toBe(true);
        expect(await there.renewLease("alpha", "process-b", later(500))).toBe(false);
        // Still A's until 120 s: B's attempt at 119 s fails, and its release does nothing.
        expect(await there.acquireLease("alpha", "process-b", later(300), later(119))).toBe(false);
        await there.releaseLease("alpha", "process-b");
        expect(await there.acquireLease("alpha", "process-b", later(300), later(119))).toBe(false);
        // Process A dies: once its lease has expired, B takes over and A can no longer renew.
        expect(await there.acquireLease("alpha", "process-b", later(300), later(120))).toBe(true);
        expect(await here.renewLease("alpha", "process-a", later(400))).toBe(false);
        await here.releaseLease("alpha", "process-a");
        expect(await here.acquireLease("alpha", "process-a", later(400), later(122))).toBe(false);
        await there.releaseLease("alpha", "process-b");
        expect(await here.acquireLease("alpha", "process-a", later(400), later(122))).toBe(true);
        await there.close();
      });

      it("gives the lease to exactly one of two holders asking at the same moment", async () => {
        const there = await opened.another();
        for (const platform of ["p1", "p2", "p3", "p4", "p5"]) {
          const outcomes = await Promise.all([
            store.acquireLease(platform, "process-a", later(60), now),
            there.acquireLease(platform, "process-b", later(60), now),
          ]);
          expect(outcomes.filter(Boolean)).toHaveLength(1);
          const winner = outcomes[0] ? "process-a" : "process-b";
          expect(await store.renewLease(platform, winner, later(90))).toBe(true);
          expect(
            await store.renewLease(platform, winner === "process-a" ? "process-b" : "process-a", later(90)),
          ).toBe(false);
        }
        // An expired lease, contended: still exactly one.
        const retake = await Promise.all([
          store.acquireLease("p1", "process-c", later(200), later(100)),
          there.acquireLease("p1", "process-d", later(200), later(100)),
        ]);
        expect(retake.filter(Boolean)).toHaveLength(1);
        await there.close();
      });
    });

    describe("interrupted runs", () => {
      it("marks runs left RUNNING by a dead process interrupted, and leaves live and finished ones alone", async () => {
        const at = new Date("2025-01-01T00:10:00Z");
        await store.save(crawlRun(1, { platform: "dead", status: "RUNNING" }));
        await store.save(crawlRun(2, { platform: "alive", status: "RUNNING" }));
        await store.save(crawlRun(3, { platform: "expired", status: "RUNNING" }));
        await store.save(crawlRun(4, { platform: "dead", status: "RUNNING" }));
        await store.save(crawlRun(4, { platform: "dead" }));
        await store.acquireLease("alive", "p", new Date(at.getTime() + 60_000), at);
        await store.acquireLease("expired", "q", at, new Date(at.getTime() - 60_000));

        expect(await store.markInterrupted(at)).toBe(2);
        const dead = await store.get(runId(1));
        expect(dead).toEqual({
          ...crawlRun(1, { platform: "dead" }),
          status: "INTERRUPTED",
          finishedAt: at.toISOString(),
          errors: [
            ...crawlRun(1).errors,
            {
              kind: "run",
              url: "https://catalog.example/",
              code: "INTERRUPTED",
              reason: expect.any(String),
              at: at.toISOString(),
            },
          ],
          counts: { ...crawlRun(1).counts, errors: 2 },
        });
        expect((await store.get(runId(3)))?.status).toBe("INTERRUPTED");
        expect((await store.get(runId(2)))?.status).toBe("RUNNING");
        expect(await store.get(runId(4))).toEqual(crawlRun(4, { platform: "dead" }));
        // Nothing left to mark the second time.
        expect(await store.markInterrupted(at)).toBe(0);
      });

      it("keeps a large run whole when marking it interrupted", async () => {
        const big = { ...bigRun(1, 1200, 100), status: "RUNNING" as const };
        await store.save(big);
        expect(await store.markInterrupted(later(10))).toBe(1);
        const marked = await store.get(runId(1));
        expect(marked?.posters).toEqual(big.posters);
        expect(marked?.errors).toHaveLength(101);
        expect(marked?.agentSteps).toEqual(big.agentSteps);
      });
    });
  });
}
