import type { FastifyInstance } from "fastify";
import type { Services } from "../../compose.js";
import { JOB_STATUSES } from "../../domain/job.js";
import { PLATFORM_PATTERN } from "../../domain/platform.js";
import type { CreateJobRequest } from "../../services/create-job.js";
import { sendError } from "../http-errors.js";
import { createJobBodySchema, createJobReplySchema } from "../schemas.js";

export async function jobRoutes(app: FastifyInstance, { services }: { services: Services }) {
  app.post<{ Body: CreateJobRequest }>(
    "/jobs",
    {
      schema: {
        summary: "Submit a poster for checking",
        description:
          "Downloads the poster, hashes it and answers from the cache when it was checked before: " +
          "202 for a new job, 200 with `cached:true` and the result for a known poster, " +
          "200 with the current status for a poster in flight.",
        tags: ["jobs"],
        body: createJobBodySchema,
        response: {
          200: createJobReplySchema,
          202: createJobReplySchema,
          400: { $ref: "Error#" },
          409: { $ref: "Error#" },
          413: { $ref: "Error#" },
          422: { $ref: "Error#" },
        },
      },
    },
    async (request, reply) => {
      const response = await services.createJob.createJob(request.body);
      return reply.code(response.statusCode).send(response.body);
    },
  );

  app.get<{ Params: { jobId: string } }>(
    "/jobs/:jobId",
    {
      schema: {
        summary: "One job with its status, result or error",
        tags: ["jobs"],
        params: {
          type: "object",
          properties: { jobId: { type: "string", pattern: "^[0-9A-HJKMNP-TV-Z]{26}$" } },
          required: ["jobId"],
        },
        response: { 200: { $ref: "Job#" }, 404: { $ref: "Error#" } },
      },
    },
    async (request, reply) => {
      const job = await services.jobs.getJob(request.params.jobId);
      if (!job) return sendError(reply, 404, "JOB_NOT_FOUND", `no job ${request.params.jobId}`);
      return job;
    },
  );

  app.get<{
    Querystring: {
      status?: (typeof JOB_STATUSES)[number];
      platform?: string;
      limit: number;
      cursor?: string;
    };
  }>(
    "/jobs",
    {
      schema: {
        summary: "Jobs, newest first, with filters and an opaque cursor",
        tags: ["jobs"],
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            status: { type: "string", enum: JOB_STATUSES },
            platform: { type: "string", pattern: PLATFORM_PATTERN },
            limit: { type: "integer", minimum: 1, maximum: 200, default: 50 },
            cursor: { type: "string", maxLength: 512 },
          },
        },
        response: {
          200: {
            type: "object",
            properties: { items: { type: "array", items: { $ref: "Job#" } }, nextCursor: { type: "string" } },
          },
          400: { $ref: "Error#" },
        },
      },
    },
    async (request) => services.jobs.listJobs(request.query),
  );
}
