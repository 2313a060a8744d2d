import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/adapters/embedded/open-database.js";
import { SqliteJobStore } from "../../src/adapters/embedded/sqlite-job-store.js";
import { describeJobStoreContract } from "./job-store.contract.js";

describeJobStoreContract("SqliteJobStore", async () => {
  const dir = mkdtempSync(join(tmpdir(), "posterguard-store-"));
  const db = openDatabase(join(dir, "jobs.db"));
  const store = new SqliteJobStore(db);
  return {
    store,
    async close() {
      await store.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
