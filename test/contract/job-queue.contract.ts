import { afterEach, describe, expect, it } from "vitest";
import type { JobMessage, JobQueue, ReceiveOptions } from "../../src/ports/job-queue.js";

/**
 * What every JobQueue guarantees, run against each adapter: SQS standard-queue semantics
 * with maxReceiveCount 3. The embedded SqliteJobQueue is the reference; where SQS can only
 * approximate it (message ids after a redrive, dead-letter order), this suite states the
 * guarantee both keep.
 */
export interface JobQueueHarness {
  /** A new, empty queue with its own empty DLQ and a maxReceiveCount of 3. */
  openQueue(): Promise<JobQueue>;
}

export function jobMessage(n: number): JobMessage {
  return {
    jobId: `01JOB${String(n).padStart(21, "0")}`,
    s3Bucket: "posters",
    s3Key: `posters/netflix/ab/hash${n}.jpg`,
    posterHash: `hash${n}`,
  };
}

const lease = (visibilityTimeoutSeconds = 30, maxMessages = 1): ReceiveOptions => ({
  maxMessages,
  visibilityTimeoutSeconds,
  waitTimeMs: 0,
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function describeJobQueueContract(label: string, harness: JobQueueHarness): void {
  describe(`JobQueue contract: ${label}`, () => {
    const opened: JobQueue[] = [];
    async function openQueue(): Promise<JobQueue> {
      const queue = await harness.openQueue();
      opened.push(queue);
      return queue;
    }
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((queue) => queue.close()));
    });

    it("delivers exactly the four body fields, leases the message, and forgets it once deleted", async () => {
      const queue = await openQueue();
      expect(queue.maxReceiveCount).toBe(3);
      const messageId = await queue.send({ ...jobMessage(1), extra: "not part of the body" } as JobMessage);

      const [message, ...others] = await queue.receive(lease(30, 10));

      expect(others).toEqual([]);
      expect(message).toMatchObject({ messageId, receiveCount: 1 });
      expect(message?.body).toStrictEqual(jobMessage(1));
      expect(message?.receiptHandle).toEqual(expect.any(String));
      expect(await queue.receive(lease())).toEqual([]);
      expect(await queue.depth()).toEqual({ visible: 0, inFlight: 1, delayed: 0 });

      await queue.delete(message?.receiptHandle ?? "");
      expect(await queue.depth()).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
      expect(await queue.receive(lease())).toEqual([]);
    });

    it("redelivers a message whose lease ran out, with the next receive count and a new receipt handle", async () => {
      const queue = await openQueue();
      await queue.send(jobMessage(1));
      const [first] = await queue.receive(lease(1));
      expect(await queue.receive(lease(1))).toEqual([]);

      const started = performance.now();
      const [second] = await queue.receive({ ...lease(1), waitTimeMs: 3000 });
      const waitedMs = performance.now() - started;

      expect(second).toMatchObject({ messageId: first?.messageId, receiveCount: 2, body: jobMessage(1) });
      expect(second?.receiptHandle).not.toBe(first?.receiptHandle);
      expect(waitedMs).toBeGreaterThan(500);
      expect(waitedMs).toBeLessThan(2500);
    });

    it("extends a lease with changeVisibility and releases it at once with 0", async () => {
      const queue = await openQueue();
      const messageId = await queue.send(jobMessage(1));
      const [held] = await queue.receive(lease(1));

      await queue.changeVisibility(held?.receiptHandle ?? "", 3);
      await sleep(1500);
      expect(await queue.receive(lease())).toEqual([]);

      await queue.changeVisibility(held?.receiptHandle ?? "", 0);
      expect(await queue.depth()).toEqual({ visible: 1, inFlight: 0, delayed: 0 });
      const [again] = await queue.receive(lease());
      expect(again).toMatchObject({ messageId, receiveCount: 2 });
    });

    it("ignores a stale receipt handle: no error, and the current holder keeps the message", async () => {
      const queue = await openQueue();
      await queue.send(jobMessage(1));
      const [stale] = await queue.receive(lease(0));
      const [current] = await queue.receive(lease(30));
      expect(current?.receiveCount).toBe(2);

      await expect(queue.delete(stale?.receiptHandle ?? "")).resolves.toBeUndefined();
      await expect(queue.changeVisibility(stale?.receiptHandle ?? "", 0)).resolves.toBeUndefined();
      expect(await queue.depth()).toEqual({ visible: 0, inFlight: 1, delayed: 0 });

      await queue.delete(current?.receiptHandle ?? "");
      expect(await queue.depth()).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    });

    it("holds a delayed message back until its delay has passed", async () => {
      const queue = await openQueue();
      const sent = performance.now();
      await queue.send(jobMessage(1), 1);

      expect(await queue.depth()).toEqual({ visible: 0, inFlight: 0, delayed: 1 });
      expect(await queue.receive(lease())).toEqual([]);
      const [message] = await queue.receive({ ...lease(), waitTimeMs: 3000 });
      const waitedMs = performance.now() - sent;

      expect(message?.body).toStrictEqual(jobMessage(1));
      expect(waitedMs).toBeGreaterThanOrEqual(900);
      expect(waitedMs).toBeLessThan(2500);
    });

    it("counts visible, in-flight and delayed messages", async () => {
      const queue = await openQueue();
      for (let n = 0; n < 4; n++) await queue.send(jobMessage(n));
      await queue.send(jobMessage(10), 60);

      expect(await queue.receive(lease(30, 3))).toHaveLength(3);

      expect(await queue.depth()).toEqual({ visible: 1, inFlight: 3, delayed: 1 });
      expect(await queue.deadLetterDepth()).toBe(0);
    });

    it("moves a message to the DLQ, body intact, instead of a delivery past maxReceiveCount", async () => {
      const queue = await openQueue();
      const before = Date.now();
      const messageId = await queue.send(jobMessage(1));
      for (let receive = 1; receive <= queue.maxReceiveCount; receive++) {
        const [message] = await queue.receive(lease(0));
        expect(message).toMatchObject({ messageId, receiveCount: receive });
      }

      expect(await queue.receive(lease(0, 10))).toEqual([]);

      expect(await queue.depth()).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
      expect(await queue.deadLetterDepth()).toBe(1);
      const [letter, ...others] = await queue.listDeadLetters(10);
      expect(others).toEqual([]);
      expect(letter).toMatchObject({ messageId, receiveCount: queue.maxReceiveCount });
      expect(letter?.body).toStrictEqual(jobMessage(1));
      const sentAt = Date.parse(letter?.sentAt ?? "");
      const deadLetteredAt = Date.parse(letter?.deadLetteredAt ?? "");
      expect(sentAt).toBeGreaterThanOrEqual(before - 1000);
      expect(deadLetteredAt).toBeGreaterThanOrEqual(sentAt);
      expect(deadLetteredAt).toBeLessThanOrEqual(Date.now());

      // Listing looks without taking: the letter stays, and stays listable.
      expect(await queue.deadLetterDepth()).toBe(1);
      expect((await queue.listDeadLetters(10)).map((l) => l.messageId)).toEqual([messageId]);
    });

    it("lists dead letters up to a limit and redrives chosen ones, then all, each delivered again as new", async () => {
      const queue = await openQueue();
      const ids: string[] = [];
      for (let n = 0; n < 3; n++) ids.push(await queue.send(jobMessage(n)));
      for (let receive = 1; receive <= queue.maxReceiveCount; receive++) {
        expect(await queue.receive(lease(0, 10))).toHaveLength(3);
      }
      expect(await queue.receive(lease(0, 10))).toEqual([]);
      expect(await queue.deadLetterDepth()).toBe(3);

      expect(await queue.listDeadLetters(0)).toEqual([]);
      const two = await queue.listDeadLetters(2);
      expect(two).toHaveLength(2);
      for (const letter of two) expect(ids).toContain(letter.messageId);
      const all = await queue.listDeadLetters(10);
      expect(all.map((l) => l.messageId).sort()).toEqual([...ids].sort());

      const chosen = all[1];
      const moved = await queue.redrive([chosen?.messageId ?? "", "no-such-message"]);
      expect(moved.map((l) => l.messageId)).toEqual([chosen?.messageId]);
      expect(await queue.deadLetterDepth()).toBe(2);
      const [redriven, ...others] = await queue.receive(lease(30, 10));
      expect(others).toEqual([]);
      expect(redriven?.body).toStrictEqual(chosen?.body);
      expect(redriven?.receiveCount).toBe(1);

      const rest = await queue.redrive();
      expect(rest.map((l) => l.messageId).sort()).toEqual(
        ids.filter((id) => id !== chosen?.messageId).sort(),
      );
      expect(await queue.deadLetterDepth()).toBe(0);
      expect(await queue.depth()).toEqual({ visible: 2, inFlight: 1, delayed: 0 });
      const again = await queue.receive(lease(30, 10));
      expect(again.map((m) => m.receiveCount)).toEqual([1, 1]);
      expect(again.map((m) => m.body.jobId).sort()).toEqual(rest.map((l) => l.body.jobId).sort());
    });

    it("returns from a long poll on an empty queue after about the wait", async () => {
      const queue = await openQueue();
      const started = performance.now();
      expect(await queue.receive({ ...lease(), waitTimeMs: 1000 })).toEqual([]);
      const waitedMs = performance.now() - started;
      expect(waitedMs).toBeGreaterThanOrEqual(900);
      expect(waitedMs).toBeLessThan(2500);
    });

    it("wakes a long poll for a message sent while it waits", async () => {
      const queue = await openQueue();
      const polling = queue.receive({ ...lease(), waitTimeMs: 10_000 });
      await sleep(200);

      const sent = performance.now();
      await queue.send(jobMessage(1));
      const messages = await polling;

      expect(messages.map((m) => m.body)).toEqual([jobMessage(1)]);
      expect(performance.now() - sent).toBeLessThan(1000);
    });

    it("takes nothing for an already aborted signal", async () => {
      const queue = await openQueue();
      await queue.send(jobMessage(1));

      expect(await queue.receive({ ...lease(), signal: AbortSignal.abort() })).toEqual([]);
      expect(await queue.depth()).toEqual({ visible: 1, inFlight: 0, delayed: 0 });
    });

    it("ends a long poll with no messages as soon as its signal aborts", async () => {
      const queue = await openQueue();
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const started = performance.now();

      expect(await queue.receive({ ...lease(), waitTimeMs: 10_000, signal: controller.signal })).toEqual([]);
      expect(performance.now() - started).toBeLessThan(1000);
    });

    it("ends pending long polls with no messages on close", async () => {
      const queue = await openQueue();
      const polling = queue.receive({ ...lease(), waitTimeMs: 10_000 });
      await sleep(100);
      const started = performance.now();

      await queue.close();

      expect(await polling).toEqual([]);
      expect(performance.now() - started).toBeLessThan(1000);
    });

    it("refuses what SQS refuses: batches over 10, delays over 900 s, negative timeouts", async () => {
      const queue = await openQueue();
      await expect(queue.receive({ ...lease(), maxMessages: 11 })).rejects.toThrow(RangeError);
      await expect(queue.receive({ ...lease(), maxMessages: 0 })).rejects.toThrow(RangeError);
      await expect(queue.receive(lease(-1))).rejects.toThrow(RangeError);
      await expect(queue.send(jobMessage(1), 901)).rejects.toThrow(RangeError);
      await expect(queue.listDeadLetters(-1)).rejects.toThrow(RangeError);
      expect(await queue.depth()).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    });
  });
}
