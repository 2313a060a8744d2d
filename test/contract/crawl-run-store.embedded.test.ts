import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Database from "better-sqlite3";
import { openDatabase } from "../../src/adapters/embedded/open-database.js";
import { SqliteCrawlRunStore } from "../../src/adapters/embedded/sqlite-crawl-run-store.js";
import { describeCrawlRunStoreContract } from "./crawl-run-store.contract.js";

describeCrawlRunStoreContract("SqliteCrawlRunStore", async () => {
  const dir = mkdtempSync(join(tmpdir(), "posterguard-crawl-runs-"));
  const file = join(dir, "posterguard.db");
  const dbs: Database.Database[] = [];
  const openStore = () => {
    const db = openDatabase(file);
    dbs.push(db);
    return new SqliteCrawlRunStore(db);
  };
  return {
    store: openStore(),
    another: async () => openStore(),
    async close() {
      for (const db of dbs) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
