import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/adapters/embedded/open-database.js";
import { SqliteNearDuplicateIndex } from "../../src/adapters/embedded/sqlite-near-duplicate-index.js";
import { describeNearDuplicateIndexContract, hashNear } from "./near-duplicate-index.contract.js";

describeNearDuplicateIndexContract("SqliteNearDuplicateIndex", async () => {
  const db = openDatabase(":memory:");
  return { index: new SqliteNearDuplicateIndex(db), close: async () => void db.close() };
});

const BASE = "f8f8f0cce0f4e84d0e370a22028f67f0b36e2ed596623e1d33e6339c4e9c9b22";

describe("SqliteNearDuplicateIndex beyond the contract", () => {
  it("keeps the hashes in the database: a restarted process finds them, and another process's additions", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pdq-index-"));
    try {
      const file = join(dir, "posterguard.db");
      const writer = openDatabase(file);
      await new SqliteNearDuplicateIndex(writer).add("a".repeat(64), BASE);
      const reader = openDatabase(file);
      const index = new SqliteNearDuplicateIndex(reader);
      expect(await index.findWithin(BASE)).toEqual([{ posterHash: "a".repeat(64), distance: 0 }]);
      // Added by the other process after this one loaded the table.
      await new SqliteNearDuplicateIndex(writer).add("b".repeat(64), hashNear(BASE, 5));
      expect((await index.findWithin(BASE)).map((m) => m.posterHash)).toEqual([
        "a".repeat(64),
        "b".repeat(64),
      ]);
      writer.close();
      reader.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
