/** Why a submitted poster was refused; each becomes a 422 with `error.code`. */
export type PosterRejectionCode =
  | "FETCH_FAILED"
  | "FETCH_TIMEOUT"
  | "BLOCKED_ADDRESS"
  | "TOO_MANY_REDIRECTS"
  | "TOO_LARGE"
  | "NOT_AN_IMAGE"
  | "UNSUPPORTED_IMAGE"
  | "CORRUPT_IMAGE"
  | "TOO_MANY_PIXELS"
  | "INVALID_URL";

export class PosterRejectedError extends Error {
  override readonly name = "PosterRejectedError";
  constructor(
    readonly code: PosterRejectionCode,
    message: string,
  ) {
    super(message);
  }
}

/** A processing failure that retrying cannot fix: the job fails at once. */
export class PermanentProcessingError extends Error {
  override readonly name = "PermanentProcessingError";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class IdempotencyConflictError extends Error {
  override readonly name = "IdempotencyConflictError";
  readonly code = "IDEMPOTENCY_CONFLICT";
}
