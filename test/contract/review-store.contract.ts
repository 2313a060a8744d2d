import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InvalidCursorError } from "../../src/domain/cursor.js";
import type { AuditFilter, ReviewDecision, ReviewStore } from "../../src/ports/review-store.js";
import { posterHash } from "./job-store-fixtures.js";

export interface OpenedReviewStore {
  store: ReviewStore;
  close(): Promise<void>;
}

/** ULID-shaped ids whose order is their number's order. */
export function decisionId(n: number): string {
  return `01K${String(n).padStart(23, "0")}`;
}

export function decision(n: number, overrides: Partial<ReviewDecision> = {}): ReviewDecision {
  return {
    decisionId: decisionId(n),
    posterHash: posterHash("a"),
    scope: "poster",
    action: "confirm",
    note: "",
    reviewer: { name: "ana", role: "reviewer" },
    decidedAt: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(),
    machine: { jobId: `01J${String(n).padStart(23, "0")}`, policyVersion: "v1", isCompliant: true },
    ...overrides,
  };
}

/** Everything a ReviewStore promises, run against each adapter on an empty store per test. */
export function describeReviewStoreContract(name: string, open: () => Promise<OpenedReviewStore>): void {
  describe(`ReviewStore contract: ${name}`, () => {
    let opened: OpenedReviewStore;
    let store: ReviewStore;

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });
    afterEach(async () => {
      await opened.close();
    });

    /** Every page of an audit listing, following cursors. */
    async function auditPages(filter: Omit<AuditFilter, "cursor">): Promise<string[][]> {
      const pages: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listAudit({ ...filter, ...(cursor ? { cursor } : {}) });
        pages.push(page.items.map((d) => d.decisionId));
        cursor = page.nextCursor;
      } while (cursor && pages.length < 50);
      return pages;
    }

    it("has nothing to show before the first decision", async () => {
      expect(await store.listForPoster(posterHash("a"))).toEqual([]);
      expect(await store.listAudit({ limit: 10 })).toEqual({ items: [] });
      expect(await store.listAudit({ limit: 10, posterHash: posterHash("a") })).toEqual({ items: [] });
      expect(await store.listAudit({ limit: 10, reviewer: "ana" })).toEqual({ items: [] });
      expect(await store.reviewers()).toEqual([]);
    });

    it("keeps every field of a decision, with and without the optional ones", async () => {
      const onViolation = decision(2, {
        scope: "violation",
        code: "NUDITY",
        action: "overturn",
        note: "Ünïcode — “a costume”, not nudity",
        reviewer: { name: "bo", role: "admin" },
        machine: {
          jobId: "01J00000000000000000000009",
          policyVersion: "v7",
          isCompliant: false,
          severity: "HIGH",
          confidence: 0.8734,
        },
      });
      await store.record(decision(1));
      await store.record(onViolation);
      expect(await store.listForPoster(posterHash("a"))).toEqual([decision(1), onViolation]);
      expect((await store.listAudit({ limit: 10 })).items).toEqual([onViolation, decision(1)]);
    });

    it("lists a poster's decisions oldest first, whatever order they were recorded in", async () => {
      await store.record(decision(3));
      await store.record(decision(1));
      await store.record(decision(2, { posterHash: posterHash("b") }));
      await store.record(decision(4));
      const ids = (await store.listForPoster(posterHash("a"))).map((d) => d.decisionId);
      expect(ids).toEqual([decisionId(1), decisionId(3), decisionId(4)]);
      expect((await store.listForPoster(posterHash("b"))).map((d) => d.decisionId)).toEqual([decisionId(2)]);
    });

    it("never lets a decision be overwritten", async () => {
      await store.record(decision(1, { action: "confirm", note: "right" }));
      await expect(
        store.record(decision(1, { action: "overturn", note: "changed my mind" })),
      ).rejects.toThrow();
      await expect(
        store.record(decision(1, { posterHash: posterHash("b"), reviewer: { name: "eve", role: "x" } })),
      ).rejects.toThrow();
      expect(await store.listForPoster(posterHash("a"))).toEqual([
        decision(1, { action: "confirm", note: "right" }),
      ]);
      expect(await store.listForPoster(posterHash("b"))).toEqual([]);
      expect((await store.listAudit({ limit: 10 })).items).toHaveLength(1);
      expect(await store.reviewers()).toEqual(["ana"]);
    });

    it("keeps exactly one of two decisions recorded at once under the same id", async () => {
      const first = decision(1, { note: "first" });
      const second = decision(1, { note: "second", action: "overturn" });
      const outcomes = await Promise.allSettled([store.record(first), store.record(second)]);
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
      const winner = outcomes[0]?.status === "fulfilled" ? first : second;
      expect(await store.listForPoster(posterHash("a"))).toEqual([winner]);
    });

    it("pages through the whole audit trail newest first, each decision exactly once", async () => {
      for (const n of [4, 1, 7, 3, 6, 2, 5]) {
        await store.record(decision(n, { posterHash: posterHash(n % 2 ? "a" : "b") }));
      }
      const pages = await auditPages({ limit: 3 });
      expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
      expect(pages.flat()).toEqual([7, 6, 5, 4, 3, 2, 1].map(decisionId));
      // A page that ends exactly at the last decision says there is no more.
      expect((await auditPages({ limit: 7 })).map((p) => p.length)).toEqual([7]);
    });

    it("filters the audit trail by poster, by reviewer and by both, paging within the filter", async () => {
      const reviewers = ["ana", "bo", "ana", "cy", "bo", "ana", "ana", "bo"];
      for (const [i, name] of reviewers.entries()) {
        const n = i + 1;
        await store.record(
          decision(n, { posterHash: posterHash(n <= 5 ? "a" : "b"), reviewer: { name, role: "reviewer" } }),
        );
      }
      expect((await auditPages({ limit: 2, posterHash: posterHash("a") })).flat()).toEqual(
        [5, 4, 3, 2, 1].map(decisionId),
      );
      expect((await auditPages({ limit: 2, posterHash: posterHash("a") })).map((p) => p.length)).toEqual([
        2, 2, 1,
      ]);
      expect((await auditPages({ limit: 2, reviewer: "ana" })).flat()).toEqual([7, 6, 3, 1].map(decisionId));
      expect((await auditPages({ limit: 2, reviewer: "ana" })).map((p) => p.length)).toEqual([2, 2]);
      expect((await auditPages({ limit: 1, posterHash: posterHash("a"), reviewer: "bo" })).flat()).toEqual(
        [5, 2].map(decisionId),
      );
      expect((await auditPages({ limit: 5, posterHash: posterHash("b"), reviewer: "cy" })).flat()).toEqual(
        [],
      );
      expect((await auditPages({ limit: 5, reviewer: "nobody" })).flat()).toEqual([]);
    });

    it("names every reviewer once, in order", async () => {
      const names = ["zoë", "ana", "Bo", "ana", "zoë", "cy"];
      for (const [i, name] of names.entries()) {
        await store.record(decision(i + 1, { reviewer: { name, role: "reviewer" } }));
      }
      expect(await store.reviewers()).toEqual(["Bo", "ana", "cy", "zoë"]);
    });

    it("refuses a cursor it did not give out", async () => {
      await store.record(decision(1));
      await expect(store.listAudit({ limit: 1, cursor: "not-a-cursor" })).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
      await expect(
        store.listAudit({ limit: 1, posterHash: posterHash("a"), cursor: "not-a-cursor" }),
      ).rejects.toBeInstanceOf(InvalidCursorError);
    });
  });
}
