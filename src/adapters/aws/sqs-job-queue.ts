import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { parseJobMessage, serializeJobMessage } from "../../ports/job-message-codec.js";
import type {
  DeadLetter,
  JobMessage,
  JobQueue,
  ReceivedMessage,
  ReceiveOptions,
} from "../../ports/job-queue.js";

export interface SqsJobQueueOptions {
  client: SQSClient;
  queueUrl: string;
  deadLetterQueueUrl: string;
  /** Must match the main queue's redrive policy: SQS, not this class, moves messages to the DLQ. */
  maxReceiveCount: number;
  /** Where a message whose body is not a job message is reported (pino fits). */
  log?: WarningLog;
}

export interface WarningLog {
  warn(details: object, message: string): void;
}

/** The limits SQS enforces. */
const MAX_DELAY_SECONDS = 900;
const MAX_VISIBILITY_TIMEOUT_SECONDS = 43_200;
const MAX_WAIT_TIME_SECONDS = 20;
const MAX_MESSAGES_PER_RECEIVE = 10;
/** How long a DLQ scan hides the messages it has seen, so one scan does not count a message twice. */
const SCAN_VISIBILITY_SECONDS = 30;
/** A DLQ scan ends when a long poll this long finds nothing more. */
const SCAN_WAIT_SECONDS = 1;

const RECEIPT_HANDLE_ERRORS = new Set(["MessageNotInflight", "ReceiptHandleIsInvalid"]);

const consoleLog: WarningLog = {
  warn: (details, message) => console.warn(JSON.stringify({ level: "warn", msg: message, ...details })),
};

/**
 * The job queue on an SQS standard queue and its dead-letter queue.
 *
 * SQS itself applies the redrive policy: a message received `maxReceiveCount` times without
 * being deleted goes to the DLQ on the next receive. SQS has no way to look at the DLQ
 * without receiving, so listing and redriving dead letters are approximate (see
 * `listDeadLetters`).
 *
 * A message whose body is not a job message is logged and not returned; it is left in the
 * queue so the redrive policy moves it to the DLQ after `maxReceiveCount` receives, where a
 * person can inspect it. The worker loop never sees it.
 */
export class SqsJobQueue implements JobQueue {
  readonly maxReceiveCount: number;
  readonly #client: SQSClient;
  readonly #queueUrl: string;
  readonly #deadLetterQueueUrl: string;
  readonly #log: WarningLog;
  readonly #closing = new AbortController();

  constructor(options: SqsJobQueueOptions) {
    if (!Number.isInteger(options.maxReceiveCount) || options.maxReceiveCount < 1) {
      throw new RangeError(`maxReceiveCount must be a positive integer, got ${options.maxReceiveCount}`);
    }
    this.maxReceiveCount = options.maxReceiveCount;
    this.#client = options.client;
    this.#queueUrl = options.queueUrl;
    this.#deadLetterQueueUrl = options.deadLetterQueueUrl;
    this.#log = options.log ?? consoleLog;
  }

  /** SQS counts delays in whole seconds: a fractional delay is rounded up. */
  async send(body: JobMessage, delaySeconds = 0): Promise<string> {
    const output = await this.#client.send(
      new SendMessageCommand({
        QueueUrl: this.#queueUrl,
        MessageBody: serializeJobMessage(body),
        DelaySeconds: wholeSeconds("delaySeconds", delaySeconds, MAX_DELAY_SECONDS),
      }),
    );
    if (!output.MessageId) throw new Error("SQS accepted the message but returned no MessageId");
    return output.MessageId;
  }

  /**
   * One ReceiveMessage call: the wait is rounded up to whole seconds and capped at SQS's 20,
   * so a caller asking for longer simply polls again. An aborted signal, or `close()`,
   * resolves with no messages. SQS may still have handed messages to the aborted request;
   * they become visible again after the visibility timeout, one receive count older.
   */
  async receive(options: ReceiveOptions): Promise<ReceivedMessage[]> {
    const { maxMessages, visibilityTimeoutSeconds, waitTimeMs } = options;
    if (!Number.isInteger(maxMessages) || maxMessages < 1 || maxMessages > MAX_MESSAGES_PER_RECEIVE) {
      throw new RangeError(`maxMessages must be an integer from 1 to ${MAX_MESSAGES_PER_RECEIVE}`);
    }
    const visibility = wholeSeconds(
      "visibilityTimeoutSeconds",
      visibilityTimeoutSeconds,
      MAX_VISIBILITY_TIMEOUT_SECONDS,
    );
    if (!Number.isFinite(waitTimeMs) || waitTimeMs < 0) {
      throw new RangeError(`waitTimeMs must be a non-negative number, got ${waitTimeMs}`);
    }
    const { signal, release } = this.#receiveSignal(options.signal);
    let messages: Message[];
    try {
      if (signal.aborted) return [];
      const output = await this.#client.send(
        new ReceiveMessageCommand({
          QueueUrl: this.#queueUrl,
          MaxNumberOfMessages: maxMessages,
          VisibilityTimeout: visibility,
          WaitTimeSeconds: Math.min(Math.ceil(waitTimeMs / 1000), MAX_WAIT_TIME_SECONDS),
          MessageSystemAttributeNames: ["ApproximateReceiveCount", "SentTimestamp"],
        }),
        { abortSignal: signal },
      );
      messages = output.Messages ?? [];
    } catch (error) {
      if (signal.aborted) return [];
      throw error;
    } finally {
      release();
    }
    const received: ReceivedMessage[] = [];
    for (const message of messages) {
      const parsed = this.#parse(
        message,
        "ignoring a queue message that is not a job message; the redrive policy will dead-letter it",
      );
      if (!parsed) continue;
      received.push({
        messageId: parsed.messageId,
        receiptHandle: parsed.receiptHandle,
        body: parsed.body,
        receiveCount: parsed.receiveCount,
      });
    }
    return received;
  }

  /**
   * A signal that aborts with the caller's or on close. Listeners are removed afterwards,
   * so a worker polling for days does not pile them up on the queue's close signal.
   */
  #receiveSignal(callerSignal: AbortSignal | undefined): { signal: AbortSignal; release: () => void } {
    const controller = new AbortController();
    const sources = [this.#closing.signal, ...(callerSignal ? [callerSignal] : [])];
    const abort = () => controller.abort();
    for (const source of sources) {
      if (source.aborted) controller.abort();
      else source.addEventListener("abort", abort, { once: true });
    }
    const release = () => {
      for (const source of sources) source.removeEventListener("abort", abort);
    };
    return { signal: controller.signal, release };
  }

  /** Like SQS, a stale or unknown receipt handle deletes nothing and is not an error. */
  async delete(receiptHandle: string): Promise<void> {
    await ignoringStaleReceipt(
      this.#client.send(new DeleteMessageCommand({ QueueUrl: this.#queueUrl, ReceiptHandle: receiptHandle })),
    );
  }

  /**
   * Seconds are rounded up (0 makes the message visible at once). A receipt handle that no
   * longer holds the message — the lease ran out, someone else received it, or it was
   * deleted — changes nothing: SQS answers `MessageNotInflight`, `ReceiptHandleIsInvalid`,
   * or `InvalidParameterValue` naming the receipt handle (an expired one), and all three
   * are swallowed, as the embedded queue ignores a stale handle.
   */
  async changeVisibility(receiptHandle: string, visibilityTimeoutSeconds: number): Promise<void> {
    const seconds = wholeSeconds(
      "visibilityTimeoutSeconds",
      visibilityTimeoutSeconds,
      MAX_VISIBILITY_TIMEOUT_SECONDS,
    );
    await this.#changeVisibility(this.#queueUrl, receiptHandle, seconds);
  }

  /** SQS's approximate counts; an emulator may refresh them only on the next receive. */
  async depth(): Promise<{ visible: number; inFlight: number; delayed: number }> {
    const counts = await this.#counts(this.#queueUrl);
    return { visible: counts.visible, inFlight: counts.inFlight, delayed: counts.delayed };
  }

  /** Every message in the DLQ, including any a listing is holding for a moment. */
  async deadLetterDepth(): Promise<number> {
    const counts = await this.#counts(this.#deadLetterQueueUrl);
    return counts.visible + counts.inFlight + counts.delayed;
  }

  /**
   * SQS cannot peek, so this receives from the DLQ, hiding each message for up to 30 s while
   * the scan goes on, then makes them all visible again. Consequences, all accepted for an
   * operator's command: the list is approximate (another consumer of the DLQ, or a second
   * listing at the same moment, sees fewer messages); each listing adds one to the
   * messages' receive count in the DLQ (harmless: the DLQ has no redrive policy of its own);
   * the order is by original send time, not by time of dead-lettering.
   *
   * `receiveCount` is `maxReceiveCount`, the receives that got the message dead-lettered:
   * the count SQS reports in the DLQ also includes the DLQ's own receives.
   * `deadLetteredAt` is when this listing saw the message in the DLQ, an upper bound: SQS
   * keeps a dead letter's original send time and records no time of the move.
   */
  async listDeadLetters(limit: number): Promise<DeadLetter[]> {
    if (!Number.isInteger(limit) || limit < 0) {
      throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
    }
    if (limit === 0) return [];
    const letters: DeadLetter[] = [];
    const held: string[] = [];
    try {
      for await (const batch of this.#scanDeadLetters()) {
        for (const scanned of batch) {
          held.push(scanned.receiptHandle);
          if (scanned.letter && letters.length < limit) letters.push(scanned.letter);
        }
        if (letters.length >= limit) break;
      }
    } finally {
      await this.#release(held);
    }
    return letters.sort(bySentAt);
  }

  /**
   * Sends each chosen dead letter to the main queue as a new message, then deletes it from
   * the DLQ. SQS gives the new message a new MessageId and a receive count of 0, so it is
   * delivered again with receiveCount 1. StartMessageMoveTask would move all or nothing
   * (and the emulators lack it); this way works on both and can pick messages by id.
   * A crash between the send and the delete leaves the message in both queues: processing
   * is idempotent, so that costs one duplicate delivery. Returns the DLQ entries moved.
   */
  async redrive(messageIds?: string[]): Promise<DeadLetter[]> {
    const wanted = messageIds ? new Set(messageIds) : undefined;
    if (wanted?.size === 0) return [];
    const moved: DeadLetter[] = [];
    const held: string[] = [];
    try {
      for await (const batch of this.#scanDeadLetters()) {
        const chosen: ScannedMessage[] = [];
        for (const scanned of batch) {
          const id = scanned.letter?.messageId;
          if (id !== undefined && (wanted === undefined || wanted.has(id))) chosen.push(scanned);
          else held.push(scanned.receiptHandle);
        }
        const results = await Promise.allSettled(chosen.map((scanned) => this.#moveToQueue(scanned)));
        let failure: PromiseRejectedResult | undefined;
        results.forEach((result, index) => {
          const scanned = chosen[index] as ScannedMessage;
          if (result.status === "fulfilled" && scanned.letter) moved.push(scanned.letter);
          if (result.status === "rejected") {
            held.push(scanned.receiptHandle);
            failure ??= result;
          }
        });
        if (failure) throw failure.reason;
        if (wanted && moved.length >= wanted.size) break;
      }
    } finally {
      await this.#release(held);
    }
    return moved.sort(bySentAt);
  }

  /** Ends pending receives (they resolve with no messages) and destroys the SQS client. */
  async close(): Promise<void> {
    this.#closing.abort();
    this.#client.destroy();
  }

  /**
   * Receives from the DLQ in batches of new messages, each hidden for the scan's visibility,
   * until a batch comes back empty or as many messages were seen as the DLQ held at the
   * start. The caller releases or removes every message it is given.
   */
  async *#scanDeadLetters(): AsyncGenerator<ScannedMessage[]> {
    const expected = await this.deadLetterDepth();
    const seen = new Set<string>();
    while (seen.size < expected) {
      const output = await this.#client.send(
        new ReceiveMessageCommand({
          QueueUrl: this.#deadLetterQueueUrl,
          MaxNumberOfMessages: MAX_MESSAGES_PER_RECEIVE,
          VisibilityTimeout: SCAN_VISIBILITY_SECONDS,
          WaitTimeSeconds: SCAN_WAIT_SECONDS,
          MessageSystemAttributeNames: ["ApproximateReceiveCount", "SentTimestamp"],
        }),
      );
      const messages = output.Messages ?? [];
      if (messages.length === 0) return;
      const batch: ScannedMessage[] = [];
      for (const message of messages) {
        if (!message.ReceiptHandle) continue;
        const again = message.MessageId !== undefined && seen.has(message.MessageId);
        if (again || !message.MessageId) {
          // Seen earlier in this scan (its hiding ran out): only to be released again.
          batch.push({ receiptHandle: message.ReceiptHandle, rawBody: "", letter: undefined });
          continue;
        }
        seen.add(message.MessageId);
        batch.push({
          receiptHandle: message.ReceiptHandle,
          rawBody: message.Body ?? "",
          letter: this.#toDeadLetter(message),
        });
      }
      yield batch;
    }
  }

  #toDeadLetter(message: Message): DeadLetter | undefined {
    const parsed = this.#parse(
      message,
      "skipping a dead letter that is not a job message; it stays in the DLQ",
    );
    if (!parsed) return undefined;
    return {
      messageId: parsed.messageId,
      body: parsed.body,
      receiveCount: this.maxReceiveCount,
      sentAt: parsed.sentAt,
      deadLetteredAt: new Date().toISOString(),
    };
  }

  async #moveToQueue(scanned: ScannedMessage): Promise<void> {
    await this.#client.send(
      new SendMessageCommand({ QueueUrl: this.#queueUrl, MessageBody: scanned.rawBody }),
    );
    await ignoringStaleReceipt(
      this.#client.send(
        new DeleteMessageCommand({
          QueueUrl: this.#deadLetterQueueUrl,
          ReceiptHandle: scanned.receiptHandle,
        }),
      ),
    );
  }

  async #release(receiptHandles: string[]): Promise<void> {
    await Promise.all(
      receiptHandles.map((handle) => this.#changeVisibility(this.#deadLetterQueueUrl, handle, 0)),
    );
  }

  async #changeVisibility(queueUrl: string, receiptHandle: string, seconds: number): Promise<void> {
    await ignoringStaleReceipt(
      this.#client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: receiptHandle,
          VisibilityTimeout: seconds,
        }),
      ),
    );
  }

  async #counts(queueUrl: string): Promise<{ visible: number; inFlight: number; delayed: number }> {
    const output = await this.#client.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: [
          "ApproximateNumberOfMessages",
          "ApproximateNumberOfMessagesNotVisible",
          "ApproximateNumberOfMessagesDelayed",
        ],
      }),
    );
    const attributes = output.Attributes ?? {};
    return {
      visible: Number(attributes.ApproximateNumberOfMessages ?? 0),
      inFlight: Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
      delayed: Number(attributes.ApproximateNumberOfMessagesDelayed ?? 0),
    };
  }

  #parse(message: Message, warning: string): ParsedMessage | undefined {
    const body = parseJobMessage(message.Body);
    if (!message.MessageId || !message.ReceiptHandle || !body) {
      this.#log.warn({ messageId: message.MessageId, body: message.Body?.slice(0, 500) }, warning);
      return undefined;
    }
    const sentMs = Number(message.Attributes?.SentTimestamp);
    return {
      messageId: message.MessageId,
      receiptHandle: message.ReceiptHandle,
      body,
      receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 1),
      sentAt: new Date(Number.isFinite(sentMs) ? sentMs : Date.now()).toISOString(),
    };
  }
}

interface ParsedMessage {
  messageId: string;
  receiptHandle: string;
  body: JobMessage;
  receiveCount: number;
  sentAt: string;
}

interface ScannedMessage {
  receiptHandle: string;
  rawBody: string;
  /** Undefined for a body that is not a job message, or a repeat within one scan: only released. */
  letter: DeadLetter | undefined;
}

function wholeSeconds(name: string, seconds: number, max: number): number {
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > max) {
    throw new RangeError(`${name} must be between 0 and ${max} seconds, got ${seconds}`);
  }
  return Math.ceil(seconds);
}

async function ignoringStaleReceipt(request: Promise<unknown>): Promise<void> {
  try {
    await request;
  } catch (error) {
    if (!isStaleReceiptError(error)) throw error;
  }
}

function isStaleReceiptError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { Code?: string }).Code ?? "";
  const names = [error.name, code.replace(/^AWS\.SimpleQueueService\./, "")];
  if (names.some((name) => RECEIPT_HANDLE_ERRORS.has(name))) return true;
  return names.includes("InvalidParameterValue") && /receipt ?handle/i.test(error.message);
}

function bySentAt(a: DeadLetter, b: DeadLetter): number {
  return a.sentAt.localeCompare(b.sentAt) || a.messageId.localeCompare(b.messageId);
}
