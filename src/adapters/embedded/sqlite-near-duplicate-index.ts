import type Database from "better-sqlite3";
import { PDQ_MATCH_DISTANCE, type PdqHex } from "../../domain/pdq-hash.js";
import { type PdqMatch, PdqMultiIndex } from "../../domain/pdq-multi-index.js";
import type { NearDuplicateIndex } from "../../ports/near-duplicate-index.js";

/**
 * One row per poster hashed: the SQLite table is the durable copy, the search runs on a
 * PdqMultiIndex in memory. The table is read the first time the index is searched (a process that
 * only adds never loads it); then each search first reads the rows added since by any process
 * sharing the file (`id` only grows), so a worker's posters reach the server's index.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS pdq_hashes (
  id INTEGER PRIMARY KEY,
  poster_hash TEXT NOT NULL UNIQUE,
  pdq TEXT NOT NULL
);`;

/** Rows read from the table per statement while catching up. */
const LOAD_PAGE = 50_000;

export class SqliteNearDuplicateIndex implements NearDuplicateIndex {
  private readonly memory = new PdqMultiIndex();
  /** The highest row id in memory; undefined until the first search loads the table. */
  private loadedUpTo: number | undefined;
  private readonly insert: Database.Statement<[string, string]>;
  private readonly rowsAfter: Database.Statement<
    [number, number],
    { id: number; poster_hash: string; pdq: string }
  >;

  constructor(db: Database.Database) {
    db.exec(SCHEMA);
    this.insert = db.prepare("INSERT OR IGNORE INTO pdq_hashes (poster_hash, pdq) VALUES (?, ?)");
    this.rowsAfter = db.prepare(
      "SELECT id, poster_hash, pdq FROM pdq_hashes WHERE id > ? ORDER BY id LIMIT ?",
    );
  }

  async add(posterHash: string, pdq: PdqHex): Promise<void> {
    const { changes, lastInsertRowid } = this.insert.run(posterHash, pdq);
    // In step with the table: add in memory too, unless rows of other processes came before it.
    if (changes === 1 && this.loadedUpTo !== undefined && Number(lastInsertRowid) === this.loadedUpTo + 1) {
      this.memory.add(posterHash, pdq);
      this.loadedUpTo += 1;
    }
  }

  async findWithin(pdq: PdqHex, distance = PDQ_MATCH_DISTANCE): Promise<PdqMatch[]> {
    this.catchUp();
    return this.memory.findWithin(pdq, distance);
  }

  /** Posters in memory (after the rows so far are loaded). */
  async size(): Promise<number> {
    this.catchUp();
    return this.memory.size;
  }

  private catchUp(): void {
    let after = this.loadedUpTo ?? 0;
    for (;;) {
      const rows = this.rowsAfter.all(after, LOAD_PAGE);
      for (const row of rows) this.memory.add(row.poster_hash, row.pdq);
      after = rows.at(-1)?.id ?? after;
      if (rows.length < LOAD_PAGE) break;
    }
    this.loadedUpTo = after;
  }
}
