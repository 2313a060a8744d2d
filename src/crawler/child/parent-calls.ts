import type { CallMessage, ChildMessage, ReplyMessage } from "./child-messages.js";

type CallBody = CallMessage extends infer M
  ? M extends CallMessage
    ? Omit<M, "type" | "id">
    : never
  : never;

/** A call answered with this error keeps its code and whether it may be retried. */
export class ParentCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/**
 * Calls from the child to its parent over the IPC channel (a poster to submit, an agent turn),
 * each answered by a reply with the same id.
 */
export class ParentCalls {
  #next = 1;
  readonly #pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  constructor(private readonly send: (message: ChildMessage) => void) {}

  call<T>(body: CallBody): Promise<T> {
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: (value) => resolve(value as T), reject });
      try {
        this.send({ type: "call", id, ...body } as CallMessage);
      } catch (error) {
        this.#pending.delete(id);
        reject(error as Error);
      }
    });
  }

  settle(reply: ReplyMessage): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    if (reply.ok) pending.resolve(reply.value);
    else {
      const error = reply.error ?? {
        code: "PARENT_CALL_FAILED",
        message: "no reason given",
        retryable: false,
      };
      pending.reject(new ParentCallError(error.code, error.message, error.retryable));
    }
  }

  /** The parent is gone: nothing will be answered. */
  failAll(reason: string): void {
    for (const pending of this.#pending.values()) {
      pending.reject(new ParentCallError("PARENT_GONE", reason, false));
    }
    this.#pending.clear();
  }
}
