import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { UnknownArtworkTypeError } from "../compliance/policy/policy-error.js";
import { InvalidCursorError } from "../domain/cursor.js";
import { IdempotencyConflictError, PosterRejectedError } from "../domain/errors.js";
import { InvalidMetadataError } from "../domain/job-metadata.js";
import { EnqueueFailedError } from "../ports/job-intake.js";

export function sendError(
  reply: FastifyReply,
  statusCode: number,
  code: string,
  message: string,
  details?: unknown,
) {
  return reply.code(statusCode).send({ error: { code, message, ...(details ? { details } : {}) } });
}

/** One error shape for every route: `{ error: { code, message } }`. */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof PosterRejectedError) return sendError(reply, 422, error.code, error.message);
  if (error instanceof IdempotencyConflictError) return sendError(reply, 409, error.code, error.message);
  if (error instanceof InvalidMetadataError) return sendError(reply, 400, error.code, error.message);
  if (error instanceof InvalidCursorError) return sendError(reply, 400, error.code, error.message);
  if (error instanceof UnknownArtworkTypeError) return sendError(reply, 400, error.code, error.message);
  if (error instanceof EnqueueFailedError) return sendError(reply, 503, error.code, error.message);
  if (error.validation) {
    const where = error.validationContext ?? "request";
    return sendError(reply, 400, "INVALID_REQUEST", `${where}: ${error.message}`, error.validation);
  }
  if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
    return sendError(reply, 413, "BODY_TOO_LARGE", "the request body is larger than the server accepts");
  }
  if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
    return sendError(reply, 415, "UNSUPPORTED_MEDIA_TYPE", "send the request body as application/json");
  }
  if (error.code === "FST_ERR_CTP_INVALID_JSON_BODY" || error.code === "FST_ERR_CTP_EMPTY_JSON_BODY") {
    return sendError(reply, 400, "INVALID_JSON", `the body is not valid JSON: ${error.message}`);
  }
  const statusCode = error.statusCode ?? 500;
  if (statusCode < 500) return sendError(reply, statusCode, error.code ?? "BAD_REQUEST", error.message);
  request.log.error({ err: error }, "unhandled error");
  return sendError(reply, 500, "INTERNAL_ERROR", "something went wrong on our side; it has been logged");
}
