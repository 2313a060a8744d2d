export type CloudModelErrorCode =
  | "MODEL_THROTTLED"
  | "MODEL_TIMEOUT"
  | "MODEL_OUTPUT_INVALID"
  | "MODEL_ERROR";

/**
 * A cloud model call that produced no observation. The message names the detector and the model,
 * and `code` is what the worker records on the job.
 */
export class CloudModelError extends Error {
  override readonly name = "CloudModelError";
  constructor(
    readonly code: CloudModelErrorCode,
    readonly detector: string,
    readonly model: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${detector} (${model}): ${detail}`, options);
  }
}

/** The model answered, but not with findings we can trust; the adapter adds who said it. */
export class ModelOutputError extends Error {
  override readonly name = "ModelOutputError";
}
