import type {
  DeadLetter,
  JobMessage,
  JobQueue,
  ReceivedMessage,
  ReceiveOptions,
} from "../../ports/job-queue.js";

/**
 * A queue whose real adapter is made on first use: finding SQS queue URLs by name takes a call,
 * and the composition root is synchronous. A failure to resolve is retried on the next call.
 */
export class LazyJobQueue implements JobQueue {
  private inner: Promise<JobQueue> | undefined;

  constructor(
    readonly maxReceiveCount: number,
    private readonly open: () => Promise<JobQueue>,
  ) {}

  private queue(): Promise<JobQueue> {
    this.inner ??= this.open().catch((error) => {
      this.inner = undefined;
      throw error;
    });
    return this.inner;
  }

  async send(body: JobMessage, delaySeconds?: number) {
    return (await this.queue()).send(body, delaySeconds);
  }
  async receive(options: ReceiveOptions): Promise<ReceivedMessage[]> {
    return (await this.queue()).receive(options);
  }
  async delete(receiptHandle: string) {
    return (await this.queue()).delete(receiptHandle);
  }
  async changeVisibility(receiptHandle: string, seconds: number) {
    return (await this.queue()).changeVisibility(receiptHandle, seconds);
  }
  async depth() {
    return (await this.queue()).depth();
  }
  async deadLetterDepth() {
    return (await this.queue()).deadLetterDepth();
  }
  async listDeadLetters(limit: number): Promise<DeadLetter[]> {
    return (await this.queue()).listDeadLetters(limit);
  }
  async redrive(messageIds?: string[]) {
    return (await this.queue()).redrive(messageIds);
  }
  async close() {
    if (this.inner) await (await this.inner.catch(() => undefined))?.close();
  }
}
