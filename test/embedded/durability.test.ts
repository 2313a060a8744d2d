import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FilesystemObjectStore } from "../../src/adapters/embedded/filesystem-object-store.js";
import { openDatabase } from "../../src/adapters/embedded/open-database.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "posterguard-durable-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("what a 202 promises on the embedded backend", () => {
  it("commits every transaction to disk before it returns (WAL, synchronous FULL)", () => {
    const db = openDatabase(join(dir, "posterguard.db"));
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      // 2 = FULL: the WAL is synced at every commit, not only at checkpoints (NORMAL, 1).
      expect(db.pragma("synchronous", { simple: true })).toBe(2);
    } finally {
      db.close();
    }
  });

  it("stores a poster whole under its key and leaves no temporary file beside it", async () => {
    const store = new FilesystemObjectStore(dir, "posters");
    const body = Buffer.alloc(300_000, 7);
    await store.put("posters/netflix/ab/abc.jpg", body, "image/jpeg");
    expect(readFileSync(join(dir, "posters/netflix/ab/abc.jpg")).equals(body)).toBe(true);
    expect(readdirSync(join(dir, "posters/netflix/ab"))).toEqual(["abc.jpg"]);
  });
});
