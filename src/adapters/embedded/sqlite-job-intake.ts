import type Database from "better-sqlite3";
import type { Job } from "../../domain/job.js";
import type { JobIntake } from "../../ports/job-intake.js";
import type { JobMessage } from "../../ports/job-queue.js";
import type { CreateOutcome, NewJob } from "../../ports/job-store.js";
import type { SqliteJobQueue } from "./sqlite-job-queue.js";
import type { SqliteJobStore } from "./sqlite-job-store.js";

/**
 * The job and its message in one SQLite transaction: the store and the queue share the database,
 * so a process that dies in between leaves both or neither, never a job no worker will see. That
 * commit alone is synced to disk (`synchronous = FULL`), so the `202` that follows it survives a
 * power loss; sightings, observations and verdicts stay at the database's faster setting.
 */
export class SqliteJobIntake implements JobIntake {
  readonly #db: Database.Database;
  readonly #write: Database.Transaction<(job: NewJob, messageOf: (job: Job) => JobMessage) => CreateOutcome>;

  constructor(db: Database.Database, jobs: SqliteJobStore, queue: SqliteJobQueue) {
    this.#db = db;
    this.#write = db.transaction((job: NewJob, messageOf: (job: Job) => JobMessage) => {
      const outcome = jobs.createIfAbsentInTransaction(job);
      if (outcome.created) queue.sendNow(messageOf(outcome.job));
      return outcome;
    });
  }

  async createAndEnqueue(job: NewJob, messageOf: (job: Job) => JobMessage): Promise<CreateOutcome> {
    // A connection-wide setting, changed and restored around one synchronous transaction.
    const usual = this.#db.pragma("synchronous", { simple: true });
    this.#db.pragma("synchronous = FULL");
    try {
      return this.#write.immediate(job, messageOf);
    } finally {
      this.#db.pragma(`synchronous = ${usual}`);
    }
  }
}
