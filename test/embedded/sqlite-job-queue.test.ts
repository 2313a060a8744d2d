import { type ChildProcess, fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqliteJobQueue, type SqliteJobQueueOptions } from "../../src/adapters/embedded/sqlite-job-queue.js";
import type { Clock } from "../../src/ports/clock.js";
import type { JobMessage } from "../../src/ports/job-queue.js";

class ManualClock implements Clock {
  #ms = Date.parse("2025-01-01T00:00:00.000Z");
  now(): Date {
    return new Date(this.#ms);
  }
  advance(seconds: number): void {
    this.#ms += seconds * 1000;
  }
}

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

function jobMessage(n: number): JobMessage {
  return {
    jobId: `job-${n}`,
    s3Bucket: "posters",
    s3Key: `posters/netflix/ab/hash${n}.jpg`,
    posterHash: `hash${n}`,
  };
}

const lease = (visibilityTimeoutSeconds = 30, maxMessages = 1) => ({
  maxMessages,
  visibilityTimeoutSeconds,
  waitTimeMs: 0,
});

let dir: string;
let file: string;
let openDbs: Database.Database[];
let openQueues: SqliteJobQueue[];

function openDb(): Database.Database {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 5000");
  openDbs.push(db);
  return db;
}

function openQueue(options: SqliteJobQueueOptions = {}, db = openDb()): SqliteJobQueue {
  const queue = new SqliteJobQueue(db, options);
  openQueues.push(queue);
  return queue;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "posterguard-queue-"));
  file = join(dir, "posterguard.db");
  openDbs = [];
  openQueues = [];
});

afterEach(async () => {
  for (const queue of openQueues) await queue.close();
  for (const db of openDbs) if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

// What every JobQueue must do is in test/contract/job-queue.contract.ts; this file keeps what only
// the SQLite queue promises: ids, batches, named queues, polling across connections and processes.
describe("SqliteJobQueue: send, receive, delete", () => {
  it("delivers a sent message once with a ULID id, exactly the four body fields, and deletes it", async () => {
    const clock = new ManualClock();
    const queue = openQueue({ clock });
    const extra = { ...jobMessage(1), status: "PENDING" } as JobMessage;

    const messageId = await queue.send(extra);
    expect(messageId).toMatch(ULID);

    const [received, ...others] = await queue.receive(lease(30, 10));
    expect(others).toEqual([]);
    expect(received).toMatchObject({ messageId, receiveCount: 1 });
    expect(received?.body).toStrictEqual(jobMessage(1));
    expect(await queue.depth()).toEqual({ visible: 0, inFlight: 1, delayed: 0 });

    await queue.delete(received?.receiptHandle ?? "");
    expect(await queue.depth()).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    clock.advance(60);
    expect(await queue.receive(lease())).toEqual([]);
  });

  it("leases up to maxMessages, oldest first", async () => {
    const queue = openQueue();
    const ids = [];
    for (let n = 0; n < 5; n++) ids.push(await queue.send(jobMessage(n)));

    const first = await queue.receive(lease(30, 3));
    const second = await queue.receive(lease(30, 3));
    expect(first.map((m) => m.messageId)).toEqual(ids.slice(0, 3));
    expect(second.map((m) => m.messageId)).toEqual(ids.slice(3));
  });

  it("keeps named queues in the same database apart", async () => {
    const db = openDb();
    const crawls = openQueue({ name: "crawls" }, db);
    const jobs = openQueue({ name: "jobs" }, db);
    await crawls.send(jobMessage(1));

    expect(await jobs.receive(lease())).toEqual([]);
    expect(await crawls.receive(lease())).toHaveLength(1);
  });
});

describe("SqliteJobQueue: dead letters", () => {
  it("fills a batch past dead-lettered messages", async () => {
    const clock = new ManualClock();
    const queue = openQueue({ clock, maxReceiveCount: 1 });
    for (let n = 0; n < 2; n++) await queue.send(jobMessage(n));
    await queue.receive(lease(1, 2));
    clock.advance(2);
    for (let n = 2; n < 4; n++) await queue.send(jobMessage(n));

    const delivered = await queue.receive(lease(30, 2));

    expect(delivered.map((m) => m.body.jobId)).toEqual(["job-2", "job-3"]);
    expect(await queue.deadLetterDepth()).toBe(2);
  });
});

describe("SqliteJobQueue: a corrupt row", () => {
  it("sets a row that is no job message aside and keeps delivering the others", async () => {
    const db = openDb();
    const queue = openQueue({}, db);
    const good = await queue.send(jobMessage(1));
    const corrupt = await queue.send(jobMessage(2));
    await queue.send(jobMessage(3));
    db.prepare("UPDATE queue_messages SET body = ? WHERE message_id = ?").run(
      '{"jobId": "job-2", trunc',
      corrupt,
    );

    const delivered = await queue.receive(lease(30, 10));

    expect(delivered.map((m) => m.body.jobId)).toEqual(["job-1", "job-3"]);
    expect(delivered[0]?.messageId).toBe(good);
    expect(await queue.depth()).toEqual({ visible: 0, inFlight: 2, delayed: 0 });
    expect(await queue.deadLetterDepth()).toBe(1);
    // Never listed or redriven as a job: there is no job message to show or to send again.
    expect(await queue.listDeadLetters(10)).toEqual([]);
    expect(await queue.redrive()).toEqual([]);
    expect(await queue.deadLetterDepth()).toBe(1);
  });
});

describe("SqliteJobQueue: long polling", () => {
  it("sees a message sent by another connection by polling", async () => {
    const queue = openQueue({ pollIntervalMs: 50 });
    const other = openQueue();
    const polling = queue.receive({ ...lease(), waitTimeMs: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 30));

    const sentAt = performance.now();
    await other.send(jobMessage(1));

    expect(await polling).toHaveLength(1);
    expect(performance.now() - sentAt).toBeLessThan(500);
  });

  it("ends pending polls on close but leaves the database open", async () => {
    const db = openDb();
    const queue = openQueue({}, db);
    const polling = queue.receive({ ...lease(), waitTimeMs: 5000 });
    const started = performance.now();
    await queue.close();

    expect(await polling).toEqual([]);
    expect(performance.now() - started).toBeLessThan(500);
    expect(db.open).toBe(true);
    await openQueue({}, db).send(jobMessage(1));
  });
});

describe("SqliteJobQueue: concurrency and durability", () => {
  it("gives concurrent receivers on two connections disjoint messages", async () => {
    const queues = [openQueue(), openQueue()];
    const sent = new Set<string>();
    for (let n = 0; n < 300; n++) sent.add(await (queues[n % 2] as SqliteJobQueue).send(jobMessage(n)));

    const receiver = async (queue: SqliteJobQueue): Promise<string[]> => {
      const got: string[] = [];
      for (;;) {
        const messages = await queue.receive(lease(30, 7));
        if (messages.length === 0) return got;
        got.push(...messages.map((m) => m.messageId));
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    const results = await Promise.all([...queues, ...queues].map(receiver));

    const all = results.flat();
    expect(all).toHaveLength(sent.size);
    expect(new Set(all)).toEqual(sent);
    for (const got of results) expect(got.length).toBeGreaterThan(0);
  });

  it("never leases one message to two processes at once", async () => {
    const queue = openQueue();
    const sent = new Set<string>();
    for (let n = 0; n < 1000; n++) sent.add(await queue.send(jobMessage(n)));

    const script = fileURLToPath(new URL("./fixtures/queue-receiver-process.ts", import.meta.url));
    const children = [0, 1].map(() =>
      fork(script, [file], { execArgv: ["--import", "tsx"], cwd: process.cwd(), stdio: "inherit" }),
    );
    try {
      await Promise.all(children.map((child) => nextMessage(child)));
      const results = children.map((child) => nextMessage(child));
      for (const child of children) child.send("go");
      const reports = (await Promise.all(results)) as { received?: string[]; error?: string }[];

      expect(reports.map((report) => report.error)).toEqual([undefined, undefined]);
      const all = reports.flatMap((report) => report.received ?? []);
      expect(all).toHaveLength(sent.size);
      expect(new Set(all)).toEqual(sent);
      for (const report of reports) expect(report.received?.length).toBeGreaterThan(0);
      expect(await queue.depth()).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    } finally {
      for (const child of children) if (child.exitCode === null) child.kill();
    }
  });

  it("keeps messages, leases and dead letters across closing and reopening the database", async () => {
    const clock = new ManualClock();
    const db = openDb();
    const before = openQueue({ clock, maxReceiveCount: 1 }, db);
    const doomed = await before.send(jobMessage(0));
    await before.receive(lease(1));
    clock.advance(2);
    await before.send(jobMessage(1));
    await before.send(jobMessage(2));
    const [leased] = await before.receive(lease(60));
    await before.send(jobMessage(3), 30);
    await before.close();
    db.close();

    const after = openQueue({ clock, maxReceiveCount: 1 });
    expect(await after.depth()).toEqual({ visible: 1, inFlight: 1, delayed: 1 });
    expect((await after.listDeadLetters(10)).map((d) => d.messageId)).toEqual([doomed]);
    const [next] = await after.receive(lease());
    expect(next?.body).toEqual(jobMessage(2));
    await after.delete(leased?.receiptHandle ?? "");
    expect(await after.depth()).toEqual({ visible: 0, inFlight: 1, delayed: 1 });
  });
});

function nextMessage(child: ChildProcess): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`receiver process exited with ${code}`));
    child.once("exit", onExit);
    child.once("message", (message) => {
      child.off("exit", onExit);
      resolve(message);
    });
  });
}
