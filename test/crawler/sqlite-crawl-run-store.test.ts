import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/adapters/embedded/open-database.js";
import { SqliteCrawlRunStore } from "../../src/adapters/embedded/sqlite-crawl-run-store.js";
import type { CrawlRun } from "../../src/ports/crawl-run-store.js";

function run(
  runId: string,
  platform: string,
  startedAt: string,
  status: CrawlRun["status"] = "COMPLETED",
): CrawlRun {
  return {
    runId,
    platform,
    trigger: "schedule",
    dryRun: false,
    status,
    startUrls: ["https://catalog.example/"],
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
      { posterUrl: "https://x/a.jpg", pageUrl: "https://x/a", outcome: "submitted", jobId: "J1" },
      { posterUrl: "https://x/p.jpg", pageUrl: "https://x/p", outcome: "error" },
    ],
  };
}

describe("SQLite crawl run store", () => {
  let dir: string;
  let dbs: Database.Database[];
  const open = () => {
    const db = openDatabase(join(dir, "posterguard.db"));
    dbs.push(db);
    return new SqliteCrawlRunStore(db);
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "posterguard-crawl-store-"));
    dbs = [];
  });
  afterEach(() => {
    for (const db of dbs) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps whole records, lists them newest first a page at a time, and knows each platform's last run", async () => {
    const store = open();
    await store.save(run("01J00000000000000000000001", "alpha", "2025-01-01T00:00:00.000Z"));
    await store.save(run("01J00000000000000000000002", "beta", "2025-01-01T06:00:00.000Z"));
    await store.save(run("01J00000000000000000000003", "alpha", "2025-01-01T12:00:00.000Z", "RUNNING"));
    await store.save({
      ...run("01J00000000000000000000003", "alpha", "2025-01-01T12:00:00.000Z"),
      finishedAt: "x",
    });

    expect(await store.get("01J00000000000000000000001")).toEqual(
      run("01J00000000000000000000001", "alpha", "2025-01-01T00:00:00.000Z"),
    );
    expect(await store.get("01J0000000000000000000000X")).toBeUndefined();
    const first = await store.list({ limit: 2 });
    expect(first.items.map((r) => r.runId)).toEqual([
      "01J00000000000000000000003",
      "01J00000000000000000000002",
    ]);
    expect(first.items[0]).not.toHaveProperty("posters");
    const second = await store.list({ limit: 2, ...(first.nextCursor ? { cursor: first.nextCursor } : {}) });
    expect(second.items.map((r) => r.runId)).toEqual(["01J00000000000000000000001"]);
    expect(second.nextCursor).toBeUndefined();
    expect((await store.list({ limit: 10, platform: "beta" })).items).toHaveLength(1);
    expect((await store.lastRun("alpha"))?.runId).toBe("01J00000000000000000000003");
    expect((await store.lastRun("alpha"))?.status).toBe("COMPLETED");
    expect(await store.lastRun("gamma")).toBeUndefined();
  });

  it("gives a platform's lease to one holder at a time, across connections, until it expires", async () => {
    const here = open();
    const there = open();
    const now = new Date("2025-01-01T00:00:00Z");
    const later = (s: number) => new Date(now.getTime() + s * 1000);
    expect(await here.acquireLease("alpha", "process-a", later(60), now)).toBe(true);
    expect(await there.acquireLease("alpha", "process-b", later(60), later(1))).toBe(false);
    expect(await there.acquireLease("beta", "process-b", later(60), later(1))).toBe(true);
    expect(await here.renewLease("alpha", "process-a", later(120))).toBe(true);
    // Process A dies: once its lease has expired, B takes over and A can no longer renew.
    expect(await there.acquireLease("alpha", "process-b", later(300), later(121))).toBe(true);
    expect(await here.renewLease("alpha", "process-a", later(400))).toBe(false);
    await here.releaseLease("alpha", "process-a");
    expect(await here.acquireLease("alpha", "process-a", later(400), later(122))).toBe(false);
    await there.releaseLease("alpha", "process-b");
    expect(await here.acquireLease("alpha", "process-a", later(400), later(122))).toBe(true);
  });

  it("marks runs left RUNNING by a dead process interrupted, and leaves live ones alone", async () => {
    const store = open();
    const now = new Date("2025-01-01T00:10:00Z");
    await store.save(run("01J00000000000000000000001", "dead", "2025-01-01T00:00:00.000Z", "RUNNING"));
    await store.save(run("01J00000000000000000000002", "alive", "2025-01-01T00:05:00.000Z", "RUNNING"));
    await store.acquireLease("alive", "p", new Date(now.getTime() + 60_000), now);
    expect(await store.markInterrupted(now)).toBe(1);
    const dead = await store.get("01J00000000000000000000001");
    expect(dead?.status).toBe("INTERRUPTED");
    expect(dead?.errors.at(-1)?.code).toBe("INTERRUPTED");
    expect(dead?.counts.errors).toBe(2);
    expect(dead?.posters).toHaveLength(2);
    expect((await store.get("01J00000000000000000000002"))?.status).toBe("RUNNING");
  });
});
