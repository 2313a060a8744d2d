import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/adapters/embedded/open-database.js";
import { SqlitePosterIndex, severityRank } from "../../src/adapters/embedded/sqlite-poster-index.js";
import type { GalleryFilter, PosterIndexEntry } from "../../src/ports/poster-index.js";
import { syntheticEntries } from "./support/synthetic-index.js";

describe("the SQLite poster index", () => {
  let dir: string;
  let db: Database.Database;
  let index: SqlitePosterIndex;
  const entries = syntheticEntries(1500, 11);
  const newestFirst = [...entries].sort((a, b) => (a.latestJobId < b.latestJobId ? 1 : -1));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "posterguard-index-"));
    db = openDatabase(join(dir, "index.db"));
    index = new SqlitePosterIndex(db);
    expect(await index.upsertMany(entries)).toBe(entries.length);
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Follows the cursor to the end, as the gallery's "next page" does. */
  async function everyPage(filter: GalleryFilter, limit = 97): Promise<PosterIndexEntry[]> {
    const all: PosterIndexEntry[] = [];
    let cursor: string | undefined;
    do {
      const page = await index.search({ ...filter, limit, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(limit);
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  }

  const filters: [string, GalleryFilter, (e: PosterIndexEntry) => boolean][] = [
    ["everything", {}, () => true],
    ["a platform", { platform: "otherflix" }, (e) => e.platforms.includes("otherflix")],
    ["a status", { status: "violating" }, (e) => e.status === "violating"],
    ["a code", { code: "LETTERBOXING" }, (e) => e.violations.some((v) => v.code === "LETTERBOXING")],
    ["a rare code", { code: "HATE_SYMBOLS" }, (e) => e.violations.some((v) => v.code === "HATE_SYMBOLS")],
    ["a minimum severity", { minSeverity: "HIGH" }, (e) => severityRank(e.maxSeverity) >= 3],
    [
      "not reviewed",
      { reviewed: "no" },
      (e) => e.reviewState === "unreviewed" || e.reviewState === "partial",
    ],
    ["overturned", { reviewed: "overturned" }, (e) => e.reviewState === "overturned"],
    [
      "a code on a platform, not reviewed",
      { code: "LOW_RESOLUTION", platform: "streamflix", reviewed: "no" },
      (e) =>
        e.violations.some((v) => v.code === "LOW_RESOLUTION") &&
        e.platforms.includes("streamflix") &&
        e.reviewState === "unreviewed",
    ],
    ["a title word", { q: "harbor" }, (e) => /\bharbor/i.test(e.title ?? "")],
    [
      "the starts of two title words",
      { q: "Night HARB" },
      (e) => /\bnight/i.test(e.title ?? "") && /\bharb/i.test(e.title ?? ""),
    ],
    ["a short word start", { q: "12" }, (e) => /\b12/.test(e.title ?? "")],
  ];

  for (const [name, filter, matches] of filters) {
    it(`filters by ${name}, newest first, every match exactly once across pages, and counts them`, async () => {
      const expected = newestFirst.filter(matches).map((e) => e.posterHash);
      expect(expected.length).toBeGreaterThan(0);
      const got = (await everyPage(filter)).map((e) => e.posterHash);
      expect(got).toEqual(expected);
      expect(await index.count(filter)).toBe(expected.length);
    });
  }

  it("round-trips an entry, and never lets an older write replace a newer one", async () => {
    const entry = entries[42] as PosterIndexEntry;
    expect(await index.get(entry.posterHash)).toEqual(entry);
    const newer: PosterIndexEntry = {
      ...entry,
      title: "Renamed Feature",
      reviewState: "overturned",
      humanVerdict: "compliant",
      updatedAt: "2030-01-01T00:00:00.000Z",
    };
    expect(await index.upsert(newer)).toBe(true);
    expect(await index.upsert({ ...entry, updatedAt: "2029-01-01T00:00:00.000Z" })).toBe(false);
    expect((await index.get(entry.posterHash))?.title).toBe("Renamed Feature");
    const found = await index.search({ q: "renamed", limit: 5 });
    expect(found.items.map((e) => e.posterHash)).toEqual([entry.posterHash]);
    // Put it back as it was (a newer write), for the tests that follow.
    expect(await index.upsert({ ...entry, updatedAt: "2031-01-01T00:00:00.000Z" })).toBe(true);
  });

  it("summarises by status, review, platform and code", async () => {
    const stats = await index.stats();
    expect(stats.posters).toBe(entries.length);
    expect(stats.byStatus.violating).toBe(entries.filter((e) => e.status === "violating").length);
    const streamflix = stats.byPlatform.find((p) => p.platform === "streamflix");
    expect(streamflix?.posters).toBe(entries.filter((e) => e.platforms.includes("streamflix")).length);
    const nudity = stats.byCode.find((c) => c.code === "NUDITY");
    expect(nudity).toMatchObject({
      posters: entries.filter((e) => e.violations.some((v) => v.code === "NUDITY")).length,
      maxSeverity: "CRITICAL",
    });
    expect(await index.platforms()).toEqual([...new Set(entries.flatMap((e) => e.platforms))].sort());
  });

  it("refuses a cursor it did not give out", async () => {
    await expect(index.search({ limit: 10, cursor: "not-a-cursor" })).rejects.toThrow(/cursor/);
  });
});
