import type { FastifyInstance, FastifyReply } from "fastify";
import { ProfileError, ProfileNotFoundError } from "../../crawler/profile/load-profile.js";
import { StartUrlBlockedError } from "../../crawler/url-guard.js";
import { PLATFORM_PATTERN } from "../../domain/platform.js";
import type { CrawlRun } from "../../ports/crawl-run-store.js";
import {
  CrawlAlreadyRunningError,
  type CrawlService,
  CrawlsElsewhereError,
} from "../../services/run-crawl.js";
import { sendError } from "../http-errors.js";

const countsSchema = {
  type: "object",
  properties: Object.fromEntries(
    ["discovered", "submitted", "cached", "inFlight", "errors", "pages", "retries", "blocked"].map((k) => [
      k,
      { type: "integer" },
    ]),
  ),
} as const;

const crawlErrorSchema = {
  type: "object",
  properties: {
    kind: { type: "string", enum: ["page", "poster", "robots", "agent", "run", "blocked"] },
    url: { type: "string" },
    code: { type: "string" },
    reason: { type: "string" },
    attempts: { type: "integer" },
    at: { type: "string" },
  },
} as const;

const runProperties = {
  runId: { type: "string" },
  platform: { type: "string" },
  trigger: { type: "string", enum: ["api", "cli", "schedule", "catch-up"] },
  dryRun: { type: "boolean" },
  status: { type: "string", enum: ["RUNNING", "COMPLETED", "FAILED", "INTERRUPTED"] },
  startUrls: { type: "array", items: { type: "string" } },
  startedAt: { type: "string" },
  finishedAt: { type: "string" },
  stoppedBy: { type: "string" },
  counts: countsSchema,
  errors: { type: "array", items: crawlErrorSchema },
  agentSteps: { type: "array", items: { type: "object", additionalProperties: true } },
  browser: {
    type: "object",
    properties: {
      process: { type: "string", enum: ["child", "in-process"] },
      sandboxed: { type: "boolean" },
      sandboxReason: { type: "string" },
    },
  },
} as const;

const crawlSummarySchema = { type: "object", properties: runProperties } as const;

const crawlRunSchema = {
  type: "object",
  properties: {
    ...runProperties,
    posters: {
      type: "array",
      items: {
        type: "object",
        properties: {
          posterUrl: { type: "string" },
          pageUrl: { type: "string" },
          title: { type: "string" },
          outcome: { type: "string" },
          jobId: { type: "string" },
        },
      },
    },
  },
} as const;

const startBodySchema = {
  type: "object",
  additionalProperties: false,
  anyOf: [{ required: ["platform"] }, { required: ["url"] }],
  properties: {
    platform: { type: "string", pattern: PLATFORM_PATTERN, description: "a platform with a crawl profile" },
    url: {
      type: "string",
      format: "uri",
      pattern: "^[Hh][Tt][Tt][Pp][Ss]?://",
      maxLength: 2048,
      description: "crawl this one page with the generic profile instead",
    },
    dryRun: { type: "boolean", default: false, description: "find posters but submit none" },
    maxPages: { type: "integer", minimum: 1, maximum: 1_000_000 },
    maxPosters: { type: "integer", minimum: 1, maximum: 10_000_000 },
    maxSeconds: { type: "integer", minimum: 1, maximum: 604_800 },
  },
} as const;

interface StartBody {
  platform?: string;
  url?: string;
  dryRun?: boolean;
  maxPages?: number;
  maxPosters?: number;
  maxSeconds?: number;
}

function summary(run: CrawlRun) {
  const { posters: _posters, ...rest } = run;
  return rest;
}

function sendCrawlError(reply: FastifyReply, error: unknown) {
  if (error instanceof ProfileNotFoundError) return sendError(reply, 404, error.code, error.message);
  if (error instanceof ProfileError) return sendError(reply, 400, error.code, error.message, error.problems);
  if (error instanceof CrawlAlreadyRunningError) return sendError(reply, 409, error.code, error.message);
  if (error instanceof CrawlsElsewhereError) return sendError(reply, 501, error.code, error.message);
  if (error instanceof StartUrlBlockedError) return sendError(reply, 422, error.code, error.message);
  throw error;
}

/** Crawl runs: start one, list them, read one with its errors and posters. */
export async function crawlRoutes(
  app: FastifyInstance,
  { services }: { services: { crawler: CrawlService } },
) {
  app.post<{ Body: StartBody }>(
    "/crawls",
    {
      schema: {
        summary: "Start a crawl of a platform's catalog (or of one URL with the generic profile)",
        description:
          "Answers 202 at once with the run record; the crawl goes on in the background. " +
          "409 while the platform is already being crawled.",
        tags: ["crawls"],
        body: startBodySchema,
        response: {
          202: crawlSummarySchema,
          400: { $ref: "Error#" },
          404: { $ref: "Error#" },
          409: { $ref: "Error#" },
          422: { $ref: "Error#" },
          501: { $ref: "Error#" },
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const limits = {
        ...(body.maxPages ? { maxPages: body.maxPages } : {}),
        ...(body.maxPosters ? { maxPosters: body.maxPosters } : {}),
        ...(body.maxSeconds ? { maxSeconds: body.maxSeconds } : {}),
      };
      try {
        const run = await services.crawler.start({
          trigger: "api",
          dryRun: body.dryRun ?? false,
          limits,
          ...(body.platform ? { platform: body.platform } : {}),
          ...(body.url ? { url: body.url } : {}),
        });
        return reply.code(202).header("location", `/crawls/${run.runId}`).send(summary(run));
      } catch (error) {
        return sendCrawlError(reply, error);
      }
    },
  );

  app.get<{ Querystring: { platform?: string; limit: number; cursor?: string } }>(
    "/crawls",
    {
      schema: {
        summary: "Crawl runs, newest first, with an opaque cursor",
        tags: ["crawls"],
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            platform: { type: "string", pattern: PLATFORM_PATTERN },
            limit: { type: "integer", minimum: 1, maximum: 200, default: 50 },
            cursor: { type: "string", maxLength: 512 },
          },
        },
        response: {
          200: {
            type: "object",
            properties: {
              items: { type: "array", items: crawlSummarySchema },
              nextCursor: { type: "string" },
            },
          },
          400: { $ref: "Error#" },
        },
      },
    },
    async (request) => services.crawler.list(request.query),
  );

  app.get<{ Params: { runId: string } }>(
    "/crawls/:runId",
    {
      schema: {
        summary: "One crawl run: times, counts, every error with its reason, and the posters found",
        tags: ["crawls"],
        params: {
          type: "object",
          required: ["runId"],
          properties: { runId: { type: "string", pattern: "^[0-9A-HJKMNP-TV-Z]{26}$" } },
        },
        response: { 200: crawlRunSchema, 404: { $ref: "Error#" } },
      },
    },
    async (request, reply) => {
      const run = await services.crawler.get(request.params.runId);
      if (!run) return sendError(reply, 404, "CRAWL_NOT_FOUND", `no crawl run ${request.params.runId}`);
      return run;
    },
  );
}
