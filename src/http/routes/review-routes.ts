import type { FastifyInstance } from "fastify";
import { VIOLATION_CODES, type ViolationCode } from "../../domain/violation.js";
import type { ReviewAction, ReviewScope } from "../../ports/review-store.js";
import { ReviewError } from "../../services/review-service.js";
import type { DashboardServices } from "../../web/dashboard-services.js";
import { sendError } from "../http-errors.js";
import { posterHashParams } from "../schemas.js";

/** Registered on the root instance with the other shared schemas (see build-app.ts). */
export const reviewDecisionSchema = {
  $id: "ReviewDecision",
  type: "object",
  properties: {
    decisionId: { type: "string" },
    posterHash: { type: "string" },
    scope: { type: "string", enum: ["poster", "violation"] },
    code: { type: "string" },
    action: { type: "string", enum: ["confirm", "overturn"] },
    note: { type: "string" },
    reviewer: { type: "object", properties: { name: { type: "string" }, role: { type: "string" } } },
    decidedAt: { type: "string" },
    machine: {
      type: "object",
      properties: {
        jobId: { type: "string" },
        policyVersion: { type: "string" },
        isCompliant: { type: "boolean" },
        severity: { type: "string" },
        confidence: { type: "number" },
      },
    },
  },
} as const;

const reviewStateSchema = {
  type: "object",
  properties: {
    state: { type: "string", enum: ["unreviewed", "partial", "confirmed", "overturned"] },
    humanVerdict: { type: "string", enum: ["compliant", "violating"] },
    violations: { type: "object", additionalProperties: { type: "string", enum: ["confirm", "overturn"] } },
    reviewedBy: { type: "string" },
    reviewedAt: { type: "string" },
  },
} as const;

interface ReviewBody {
  scope: ReviewScope;
  code?: ViolationCode;
  action: ReviewAction;
  note?: string;
}

function stateOf(review: import("../../services/review-service.js").PosterReview) {
  return {
    state: review.state,
    ...(review.humanVerdict ? { humanVerdict: review.humanVerdict } : {}),
    violations: Object.fromEntries(
      Object.entries(review.violations).map(([code, decision]) => [code, decision?.action]),
    ),
    ...(review.last ? { reviewedBy: review.last.reviewer.name, reviewedAt: review.last.decidedAt } : {}),
  };
}

/** Human review over the API: decisions per poster and the audit trail of all of them. */
export async function reviewRoutes(app: FastifyInstance, { services }: { services: DashboardServices }) {
  app.get<{ Params: { posterHash: string } }>(
    "/posters/:posterHash/reviews",
    {
      schema: {
        summary: "The human review of a poster: what people decided, beside the machine verdict",
        tags: ["reviews"],
        params: posterHashParams,
        response: {
          200: {
            type: "object",
            properties: {
              posterHash: { type: "string" },
              machine: {
                type: ["object", "null"],
                properties: {
                  jobId: { type: "string" },
                  isCompliant: { type: "boolean" },
                  policyVersion: { type: "string" },
                  codes: { type: "array", items: { type: "string" } },
                },
              },
              review: reviewStateSchema,
              decisions: { type: "array", items: { $ref: "ReviewDecision#" } },
            },
          },
          404: { $ref: "Error#" },
        },
      },
      config: { permission: "read" },
    },
    async (request, reply) => {
      const { posterHash } = request.params;
      const found = await services.reviews.reviewFor(posterHash);
      if (!found) return sendError(reply, 404, "POSTER_NOT_FOUND", `no poster with hash ${posterHash}`);
      const result = found.verdict.result;
      return {
        posterHash,
        machine: result
          ? {
              jobId: found.verdict.job.jobId,
              isCompliant: result.isCompliant,
              policyVersion: result.policy.version,
              codes: result.violations.map((v) => v.code),
            }
          : null,
        review: stateOf(found.review),
        decisions: found.decisions,
      };
    },
  );

  app.post<{ Params: { posterHash: string }; Body: ReviewBody }>(
    "/posters/:posterHash/reviews",
    {
      schema: {
        summary: "Confirm or overturn a poster's verdict, or one of its violations, with a note",
        description:
          "The machine verdict is kept; the decision is added to the audit trail with who made it and when. " +
          "A note is required to overturn.",
        tags: ["reviews"],
        params: posterHashParams,
        body: {
          type: "object",
          required: ["scope", "action"],
          additionalProperties: false,
          properties: {
            scope: { type: "string", enum: ["poster", "violation"] },
            code: {
              type: "string",
              enum: VIOLATION_CODES,
              description: "the violation, for scope violation",
            },
            action: { type: "string", enum: ["confirm", "overturn"] },
            note: { type: "string", maxLength: 2000 },
          },
        },
        response: {
          201: {
            type: "object",
            properties: { decision: { $ref: "ReviewDecision#" }, review: reviewStateSchema },
          },
          400: { $ref: "Error#" },
          404: { $ref: "Error#" },
          409: { $ref: "Error#" },
          422: { $ref: "Error#" },
        },
      },
      config: { permission: "review" },
    },
    async (request, reply) => {
      const principal = request.principal;
      if (!principal) throw new Error("a review route ran without a principal");
      const { scope, code, action, note } = request.body;
      if (scope === "violation" && !code) {
        return sendError(reply, 400, "INVALID_REQUEST", "body: a violation review needs its code");
      }
      try {
        const { decision, review } = await services.reviews.decide({
          posterHash: request.params.posterHash,
          scope,
          action,
          note: note ?? "",
          reviewer: { name: principal.name, role: principal.role },
          ...(scope === "violation" && code ? { code } : {}),
        });
        return reply.code(201).send({ decision, review: stateOf(review) });
      } catch (error) {
        if (error instanceof ReviewError)
          return sendError(reply, error.statusCode, error.code, error.message);
        throw error;
      }
    },
  );

  app.get<{ Querystring: { posterHash?: string; reviewer?: string; limit: number; cursor?: string } }>(
    "/audit",
    {
      schema: {
        summary: "Every review decision, newest first (the audit trail)",
        tags: ["reviews"],
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            posterHash: { type: "string", pattern: "^[0-9a-f]{64}$" },
            reviewer: { type: "string", maxLength: 64 },
            limit: { type: "integer", minimum: 1, maximum: 500, default: 50 },
            cursor: { type: "string", maxLength: 512 },
          },
        },
        response: {
          200: {
            type: "object",
            properties: {
              items: { type: "array", items: { $ref: "ReviewDecision#" } },
              nextCursor: { type: "string" },
            },
          },
          400: { $ref: "Error#" },
        },
      },
      config: { permission: "read" },
    },
    async (request) => services.reviews.audit(request.query),
  );
}
