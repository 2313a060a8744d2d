import { randomBytes } from "node:crypto";
import type Database from "better-sqlite3";
import { monotonicFactory } from "ulid";
import { type Clock, systemClock } from "../../ports/clock.js";
import { parseJobMessage, serializeJobMessage } from "../../ports/job-message-codec.js";
import type {
  DeadLetter,
  JobMessage,
  JobQueue,
  ReceivedMessage,
  ReceiveOptions,
} from "../../ports/job-queue.js";
import { QueueWakeups } from "./queue-wakeups.js";
import { createQueueSchema } from "./sqlite-queue-schema.js";

export interface SqliteJobQueueOptions {
  /** Several queues can share one database; each name is its own queue. */
  name?: string;
  /** Deliveries before a message is moved to the dead-letter table (SQS redrive policy). */
  maxReceiveCount?: number;
  clock?: Clock;
  /** How often a long poll looks for messages sent by other processes or whose delay ended. */
  pollIntervalMs?: number;
}

/** The limits SQS enforces, so code that runs embedded also runs against SQS. */
const MAX_DELAY_SECONDS = 900;
const MAX_VISIBILITY_TIMEOUT_SECONDS = 43_200;
const MAX_MESSAGES_PER_RECEIVE = 10;

interface MessageRow {
  message_id: string;
  body: string;
  sent_at: number;
  receive_count: number;
}

interface DeadLetterRow {
  message_id: string;
  body: string;
  sent_at: number;
  receive_count: number;
  dead_lettered_at: number;
}

interface DepthRow {
  visible: number;
  in_flight: number;
  delayed: number;
}

/**
 * A durable queue with SQS standard-queue semantics, stored in SQLite:
 * leases by visibility timeout, a fresh receipt handle per delivery, receive counts,
 * and a dead-letter table once a message has been received `maxReceiveCount` times.
 * Leasing runs in one IMMEDIATE transaction, so connections from several processes
 * never hold the same message at once. The database belongs to the caller.
 */
export class SqliteJobQueue implements JobQueue {
  readonly maxReceiveCount: number;
  readonly #queue: string;
  readonly #clock: Clock;
  readonly #pollIntervalMs: number;
  readonly #wakeups = new QueueWakeups();
  readonly #nextMessageId = monotonicFactory();
  readonly #statements: ReturnType<typeof prepareStatements>;
  readonly #lease: Database.Transaction<(max: number, visibilityMs: number) => ReceivedMessage[]>;
  readonly #redrive: Database.Transaction<(messageIds: string[] | undefined) => DeadLetter[]>;

  constructor(db: Database.Database, options: SqliteJobQueueOptions = {}) {
    this.#queue = options.name ?? "jobs";
    this.maxReceiveCount = options.maxReceiveCount ?? 3;
    this.#clock = options.clock ?? systemClock;
    this.#pollIntervalMs = options.pollIntervalMs ?? 150;
    if (!Number.isInteger(this.maxReceiveCount) || this.maxReceiveCount < 1) {
      throw new RangeError(`maxReceiveCount must be a positive integer, got ${this.maxReceiveCount}`);
    }
    createQueueSchema(db);
    this.#statements = prepareStatements(db);
    this.#lease = db.transaction((max, visibilityMs) => this.#leaseVisible(max, visibilityMs));
    this.#redrive = db.transaction((messageIds) => this.#moveDeadLettersBack(messageIds));
  }

  async send(body: JobMessage, delaySeconds = 0): Promise<string> {
    return this.sendNow(body, delaySeconds);
  }

  /** `send` without awaiting: usable inside a transaction the caller holds on the same database. */
  sendNow(body: JobMessage, delaySeconds = 0): string {
    assertSeconds("delaySeconds", delaySeconds, MAX_DELAY_SECONDS);
    const now = this.#nowMs();
    const messageId = this.#nextMessageId(now);
    this.#statements.insertMessage.run({
      messageId,
      queue: this.#queue,
      body: serializeJobMessage(body),
      sentAt: now,
      visibleAt: now + delaySeconds * 1000,
    });
    if (delaySeconds === 0) this.#wakeups.notify();
    return messageId;
  }

  async receive(options: ReceiveOptions): Promise<ReceivedMessage[]> {
    const { maxMessages, visibilityTimeoutSeconds, waitTimeMs, signal } = options;
    if (!Number.isInteger(maxMessages) || maxMessages < 1 || maxMessages > MAX_MESSAGES_PER_RECEIVE) {
      throw new RangeError(`maxMessages must be an integer from 1 to ${MAX_MESSAGES_PER_RECEIVE}`);
    }
    assertSeconds("visibilityTimeoutSeconds", visibilityTimeoutSeconds, MAX_VISIBILITY_TIMEOUT_SECONDS);
    if (!Number.isFinite(waitTimeMs) || waitTimeMs < 0) {
      throw new RangeError(`waitTimeMs must be a non-negative number, got ${waitTimeMs}`);
    }
    const deadline = performance.now() + waitTimeMs;
    for (;;) {
      if (this.#wakeups.closed || signal?.aborted) return [];
      const messages = this.#lease.immediate(maxMessages, visibilityTimeoutSeconds * 1000);
      if (messages.length > 0) return messages;
      const remainingMs = deadline - performance.now();
      if (remainingMs <= 0) return [];
      await this.#wakeups.pause(Math.min(remainingMs, this.#pollIntervalMs), signal);
    }
  }

  /** Like SQS, a stale receipt handle is accepted silently and deletes nothing. */
  async delete(receiptHandle: string): Promise<void> {
    this.#statements.deleteByReceipt.run({ queue: this.#queue, receiptHandle });
  }

  /**
   * Applies to the holder of the latest receipt handle, even if its lease has just
   * expired (nobody else has received the message yet); a stale handle changes nothing.
   */
  async changeVisibility(receiptHandle: string, visibilityTimeoutSeconds: number): Promise<void> {
    assertSeconds("visibilityTimeoutSeconds", visibilityTimeoutSeconds, MAX_VISIBILITY_TIMEOUT_SECONDS);
    const visibleAt = this.#nowMs() + visibilityTimeoutSeconds * 1000;
    this.#statements.setVisibility.run({ queue: this.#queue, receiptHandle, visibleAt });
    if (visibilityTimeoutSeconds === 0) this.#wakeups.notify();
  }

  async depth(): Promise<{ visible: number; inFlight: number; delayed: number }> {
    const row = this.#statements.depth.get({ queue: this.#queue, now: this.#nowMs() });
    return { visible: row?.visible ?? 0, inFlight: row?.in_flight ?? 0, delayed: row?.delayed ?? 0 };
  }

  async deadLetterDepth(): Promise<number> {
    return this.#statements.countDeadLetters.get({ queue: this.#queue }) ?? 0;
  }

  async listDeadLetters(limit: number): Promise<DeadLetter[]> {
    if (!Number.isInteger(limit) || limit < 0) {
      throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
    }
    return this.#statements.listDeadLetters
      .all({ queue: this.#queue, limit })
      .map(toDeadLetter)
      .filter((letter) => letter !== undefined);
  }

  async redrive(messageIds?: string[]): Promise<DeadLetter[]> {
    const moved = this.#redrive.immediate(messageIds);
    if (moved.length > 0) this.#wakeups.notify();
    return moved;
  }

  /** Ends pending long polls (they resolve with no messages); the database stays open. */
  async close(): Promise<void> {
    this.#wakeups.close();
  }

  #nowMs(): number {
    return this.#clock.now().getTime();
  }

  /** Runs inside the leasing transaction. */
  #leaseVisible(max: number, visibilityMs: number): ReceivedMessage[] {
    const now = this.#nowMs();
    const leased: ReceivedMessage[] = [];
    // With a visibility timeout of 0 a leased message stays selectable in this transaction.
    const leasedIds = new Set<string>();
    for (;;) {
      const wanted = max - leased.length;
      const rows = this.#statements.selectVisible.all({ queue: this.#queue, now, limit: wanted });
      let deadLettered = 0;
      for (const row of rows) {
        if (leasedIds.has(row.message_id)) continue;
        const body = parseJobMessage(row.body);
        // A body that is no job message can never be processed: set aside at once, as SQS
        // would after its last receive, instead of failing every receive that meets it.
        if (!body || row.receive_count >= this.maxReceiveCount) {
          this.#deadLetter(row, now);
          deadLettered++;
          continue;
        }
        const receiptHandle = randomBytes(18).toString("base64url");
        this.#statements.lease.run({
          messageId: row.message_id,
          visibleAt: now + visibilityMs,
          receiptHandle,
        });
        leasedIds.add(row.message_id);
        leased.push({
          messageId: row.message_id,
          receiptHandle,
          body,
          receiveCount: row.receive_count + 1,
        });
      }
      const moreMayBeVisible = rows.length === wanted && deadLettered > 0;
      if (!moreMayBeVisible || leased.length >= max) return leased;
    }
  }

  #deadLetter(row: MessageRow, now: number): void {
    this.#statements.insertDeadLetter.run({
      messageId: row.message_id,
      queue: this.#queue,
      body: row.body,
      sentAt: row.sent_at,
      receiveCount: row.receive_count,
      deadLetteredAt: now,
    });
    this.#statements.deleteMessage.run({ messageId: row.message_id });
  }

  /** Runs inside the redrive transaction. */
  #moveDeadLettersBack(messageIds: string[] | undefined): DeadLetter[] {
    const rows = (
      messageIds === undefined
        ? this.#statements.allDeadLetters.all({ queue: this.#queue })
        : [...new Set(messageIds)]
            .map((messageId) => this.#statements.getDeadLetter.get({ queue: this.#queue, messageId }))
            .filter((row): row is DeadLetterRow => row !== undefined)
    ).filter((row) => parseJobMessage(row.body) !== undefined);
    const now = this.#nowMs();
    for (const row of rows) {
      this.#statements.insertMessage.run({
        messageId: row.message_id,
        queue: this.#queue,
        body: row.body,
        sentAt: row.sent_at,
        visibleAt: now,
      });
      this.#statements.deleteDeadLetter.run({ messageId: row.message_id });
    }
    return rows.map(toDeadLetter).filter((letter) => letter !== undefined);
  }
}

function prepareStatements(db: Database.Database) {
  return {
    insertMessage: db.prepare<{
      messageId: string;
      queue: string;
      body: string;
      sentAt: number;
      visibleAt: number;
    }>(
      `INSERT INTO queue_messages (message_id, queue, body, sent_at, visible_at, receive_count)
       VALUES (@messageId, @queue, @body, @sentAt, @visibleAt, 0)`,
    ),
    selectVisible: db.prepare<{ queue: string; now: number; limit: number }, MessageRow>(
      `SELECT message_id, body, sent_at, receive_count FROM queue_messages
       WHERE queue = @queue AND visible_at <= @now
       ORDER BY visible_at, message_id LIMIT @limit`,
    ),
    lease: db.prepare<{ messageId: string; visibleAt: number; receiptHandle: string }>(
      `UPDATE queue_messages
       SET visible_at = @visibleAt, receive_count = receive_count + 1, receipt_handle = @receiptHandle
       WHERE message_id = @messageId`,
    ),
    deleteMessage: db.prepare<{ messageId: string }>(
      `DELETE FROM queue_messages WHERE message_id = @messageId`,
    ),
    deleteByReceipt: db.prepare<{ queue: string; receiptHandle: string }>(
      `DELETE FROM queue_messages WHERE receipt_handle = @receiptHandle AND queue = @queue`,
    ),
    setVisibility: db.prepare<{ queue: string; receiptHandle: string; visibleAt: number }>(
      `UPDATE queue_messages SET visible_at = @visibleAt
       WHERE receipt_handle = @receiptHandle AND queue = @queue`,
    ),
    depth: db.prepare<{ queue: string; now: number }, DepthRow>(
      `SELECT
         COALESCE(SUM(visible_at <= @now), 0) AS visible,
         COALESCE(SUM(visible_at > @now AND receive_count > 0), 0) AS in_flight,
         COALESCE(SUM(visible_at > @now AND receive_count = 0), 0) AS delayed
       FROM queue_messages WHERE queue = @queue`,
    ),
    insertDeadLetter: db.prepare<{
      messageId: string;
      queue: string;
      body: string;
      sentAt: number;
      receiveCount: number;
      deadLetteredAt: number;
    }>(
      `INSERT INTO queue_dead_letters (message_id, queue, body, sent_at, receive_count, dead_lettered_at)
       VALUES (@messageId, @queue, @body, @sentAt, @receiveCount, @deadLetteredAt)`,
    ),
    countDeadLetters: db
      .prepare<{ queue: string }, number>(`SELECT COUNT(*) FROM queue_dead_letters WHERE queue = @queue`)
      .pluck(),
    listDeadLetters: db.prepare<{ queue: string; limit: number }, DeadLetterRow>(
      `SELECT message_id, body, sent_at, receive_count, dead_lettered_at FROM queue_dead_letters
       WHERE queue = @queue ORDER BY dead_lettered_at, message_id LIMIT @limit`,
    ),
    allDeadLetters: db.prepare<{ queue: string }, DeadLetterRow>(
      `SELECT message_id, body, sent_at, receive_count, dead_lettered_at FROM queue_dead_letters
       WHERE queue = @queue ORDER BY dead_lettered_at, message_id`,
    ),
    getDeadLetter: db.prepare<{ queue: string; messageId: string }, DeadLetterRow>(
      `SELECT message_id, body, sent_at, receive_count, dead_lettered_at FROM queue_dead_letters
       WHERE queue = @queue AND message_id = @messageId`,
    ),
    deleteDeadLetter: db.prepare<{ messageId: string }>(
      `DELETE FROM queue_dead_letters WHERE message_id = @messageId`,
    ),
  };
}

/** Undefined for a corrupt body: it stays in the dead-letter table, never listed or redriven. */
function toDeadLetter(row: DeadLetterRow): DeadLetter | undefined {
  const body = parseJobMessage(row.body);
  if (!body) return undefined;
  return {
    messageId: row.message_id,
    body,
    receiveCount: row.receive_count,
    sentAt: new Date(row.sent_at).toISOString(),
    deadLetteredAt: new Date(row.dead_lettered_at).toISOString(),
  };
}

function assertSeconds(name: string, seconds: number, max: number): void {
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > max) {
    throw new RangeError(`${name} must be between 0 and ${max} seconds, got ${seconds}`);
  }
}
