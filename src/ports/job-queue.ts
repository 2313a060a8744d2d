/** Exactly the seed's message body. */
export interface JobMessage {
  jobId: string;
  s3Bucket: string;
  s3Key: string;
  posterHash: string;
}

export interface ReceivedMessage {
  messageId: string;
  /** Changes on every receive; needed to delete or change visibility. */
  receiptHandle: string;
  body: JobMessage;
  /** 1 on the first delivery (SQS ApproximateReceiveCount). */
  receiveCount: number;
}

export interface DeadLetter {
  messageId: string;
  body: JobMessage;
  receiveCount: number;
  sentAt: string;
  deadLetteredAt: string;
}

export interface ReceiveOptions {
  maxMessages: number;
  visibilityTimeoutSeconds: number;
  /** Long polling: how long to wait for a message when none is visible. */
  waitTimeMs: number;
  signal?: AbortSignal;
}

/** SQS semantics: leases by visibility timeout, receive counts, a DLQ after `maxReceiveCount`. */
export interface JobQueue {
  readonly maxReceiveCount: number;
  send(body: JobMessage, delaySeconds?: number): Promise<string>;
  receive(options: ReceiveOptions): Promise<ReceivedMessage[]>;
  delete(receiptHandle: string): Promise<void>;
  changeVisibility(receiptHandle: string, visibilityTimeoutSeconds: number): Promise<void>;
  depth(): Promise<{ visible: number; inFlight: number; delayed: number }>;
  deadLetterDepth(): Promise<number>;
  listDeadLetters(limit: number): Promise<DeadLetter[]>;
  /** Moves dead letters back to the queue with a fresh receive count; all when no ids are given. */
  redrive(messageIds?: string[]): Promise<DeadLetter[]>;
  close(): Promise<void>;
}
