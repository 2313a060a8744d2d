import formbody from "@fastify/formbody";
import type { FastifyInstance } from "fastify";
import { VIOLATION_CODES, type ViolationCode } from "../../domain/violation.js";
import type { ReviewAction, ReviewScope } from "../../ports/review-store.js";
import { ReviewError } from "../../services/review-service.js";
import type { DashboardServices } from "../dashboard-services.js";

const posterHashParams = {
  type: "object",
  required: ["posterHash"],
  properties: { posterHash: { type: "string", pattern: "^[0-9a-f]{64}$" } },
} as const;

interface ReviewForm {
  scope: ReviewScope;
  code?: ViolationCode;
  action: ReviewAction;
  note?: string;
}

/**
 * The dashboard's form posts: each changes state, then redirects (303) to a page that shows
 * the result. Only these routes accept form bodies; the JSON API does not.
 */
export async function formRoutes(app: FastifyInstance, { services }: { services: DashboardServices }) {
  await app.register(formbody, { bodyLimit: 16 * 1024 });

  app.post<{ Params: { posterHash: string }; Body: ReviewForm }>(
    "/ui/posters/:posterHash/reviews",
    {
      schema: {
        hide: true,
        params: posterHashParams,
        body: {
          type: "object",
          required: ["scope", "action"],
          properties: {
            scope: { type: "string", enum: ["poster", "violation"] },
            code: { type: "string", enum: VIOLATION_CODES },
            action: { type: "string", enum: ["confirm", "overturn"] },
            note: { type: "string", maxLength: 2000 },
          },
        },
      },
      config: { permission: "review", dashboard: true },
    },
    async (request, reply) => {
      const { posterHash } = request.params;
      const { scope, code, action, note } = request.body;
      const principal = request.principal;
      if (!principal) throw new Error("a review route ran without a principal");
      const anchor = scope === "violation" && code ? `violation-${code}` : "review";
      try {
        await services.reviews.decide({
          posterHash,
          scope,
          action,
          note: note ?? "",
          reviewer: { name: principal.name, role: principal.role },
          ...(scope === "violation" && code ? { code } : {}),
        });
      } catch (error) {
        if (!(error instanceof ReviewError)) throw error;
        if (error.code === "POSTER_NOT_FOUND") return reply.redirect("/ui/posters", 303);
        return reply.redirect(`/ui/posters/${posterHash}?flash=${error.code}#${anchor}`, 303);
      }
      return reply.redirect(`/ui/posters/${posterHash}?flash=reviewed-${action}#${anchor}`, 303);
    },
  );

  app.post<{ Body: { messageId?: string } }>(
    "/ui/dlq/redrive",
    {
      schema: {
        hide: true,
        body: {
          type: ["object", "null"],
          properties: { messageId: { type: "string", minLength: 1, maxLength: 200 } },
        },
      },
      config: { permission: "operate", dashboard: true },
    },
    async (request, reply) => {
      const messageId = request.body?.messageId;
      const moved = await services.deadLetters.redrive(messageId ? [messageId] : undefined);
      return reply.redirect(`/ui/dlq?redriven=${moved.length}`, 303);
    },
  );

  app.post(
    "/ui/policy/rejudge",
    { schema: { hide: true }, config: { permission: "operate", dashboard: true } },
    async (_request, reply) => {
      services.policies.reloadIfChanged(true);
      const report = await services.rejudge.rejudgeAll();
      const query = new URLSearchParams({
        posters: String(report.posters),
        rejudged: String(report.rejudged),
        changed: String(report.changed),
        current: String(report.current),
        detectorRuns: String(report.detectorRuns),
        durationMs: String(report.durationMs),
      });
      return reply.redirect(`/ui/policy?${query}`, 303);
    },
  );

  app.post<{ Body: { platform?: string } }>(
    "/ui/crawls",
    {
      schema: {
        hide: true,
        body: {
          type: "object",
          required: ["platform"],
          properties: { platform: { type: "string", maxLength: 63 } },
        },
      },
      config: { permission: "operate", dashboard: true },
    },
    async (request, reply) => {
      const crawls = services.crawls;
      const platform = request.body.platform ?? "";
      if (!crawls?.platforms().includes(platform))
        return reply.redirect("/ui/crawls?flash=crawl-failed", 303);
      try {
        await crawls?.start(platform);
      } catch (error) {
        request.log.error({ err: error, platform }, "could not start a crawl");
        return reply.redirect("/ui/crawls?flash=crawl-failed", 303);
      }
      return reply.redirect("/ui/crawls?flash=crawl-started", 303);
    },
  );
}
