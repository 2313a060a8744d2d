import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/adapters/embedded/open-database.js";
import { SqliteReviewStore } from "../../src/adapters/embedded/sqlite-review-store.js";
import { describeReviewStoreContract } from "./review-store.contract.js";

describeReviewStoreContract("SqliteReviewStore", async () => {
  const dir = mkdtempSync(join(tmpdir(), "posterguard-reviews-"));
  const db = openDatabase(join(dir, "reviews.db"));
  return {
    store: new SqliteReviewStore(db),
    async close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
