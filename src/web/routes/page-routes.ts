import type { FastifyInstance } from "fastify";
import { isPlatformSlug } from "../../domain/platform.js";
import { isPosterHash } from "../../domain/poster-key.js";
import type { DashboardServices } from "../dashboard-services.js";
import { flashFor } from "../flash-messages.js";
import { type GalleryQueryString, galleryFilterFrom, isFiltered } from "../gallery-query.js";
import { auditPage } from "../pages/audit-page.js";
import { crawlsPage } from "../pages/crawls-page.js";
import { dlqPage } from "../pages/dlq-page.js";
import { galleryPage } from "../pages/gallery-page.js";
import { overviewPage } from "../pages/overview-page.js";
import { policyPage } from "../pages/policy-page.js";
import { posterPage } from "../pages/poster-page.js";
import { notFoundPage } from "../pages/sign-in-page.js";
import { viewContextOf } from "../view-context-of.js";

export const GALLERY_PAGE_SIZE = 48;
const page = { permission: "read", dashboard: true } as const;
const hidden = { hide: true } as const;

function pageNumberOf(value: string | undefined): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 1 && n < 1_000_000 ? n : 1;
}

function cursorOf(value: string | undefined): string | undefined {
  return value && /^[A-Za-z0-9_-]{1,512}$/.test(value) ? value : undefined;
}

function sendHtml(reply: import("fastify").FastifyReply, body: string, status = 200) {
  return reply
    .code(status)
    .header("content-type", "text/html; charset=utf-8")
    .header("cache-control", "no-store")
    .send(body);
}

async function titlesOf(services: DashboardServices, posterHashes: string[]): Promise<Map<string, string>> {
  const hashes = [...new Set(posterHashes)];
  const entries = await Promise.all(hashes.map((h) => services.posterIndex.get(h)));
  const titles = new Map<string, string>();
  for (const entry of entries) if (entry?.title) titles.set(entry.posterHash, entry.title);
  return titles;
}

/** The dashboard's pages: reads only. */
export async function pageRoutes(app: FastifyInstance, { services }: { services: DashboardServices }) {
  app.get("/", { schema: hidden, config: page }, async (request, reply) => {
    const [stats, awaitingReview, jobs, queue, deadLetters, recent, crawls] = await Promise.all([
      services.posterIndex.stats(),
      services.posterIndex.count({ status: "violating", reviewed: "no" }),
      services.jobs.countByStatus(),
      services.queue.depth(),
      services.queue.deadLetterDepth(),
      services.reviews.audit({ limit: 6 }),
      services.crawls?.listRuns(5),
    ]);
    const view = { stats, awaitingReview, jobs, queue, deadLetters, recentDecisions: recent.items, crawls };
    return sendHtml(reply, overviewPage(viewContextOf(request, services, "overview"), view));
  });

  app.get("/ui", { schema: hidden, config: page }, async (_request, reply) => reply.redirect("/", 302));

  app.get<{ Querystring: GalleryQueryString & { cursor?: string; page?: string } }>(
    "/ui/posters",
    { schema: hidden, config: page },
    async (request, reply) => {
      const filter = galleryFilterFrom(request.query);
      const cursor = cursorOf(request.query.cursor);
      const [result, total, platforms] = await Promise.all([
        services.posterIndex.search({ ...filter, limit: GALLERY_PAGE_SIZE, ...(cursor ? { cursor } : {}) }),
        services.posterIndex.count(filter),
        services.posterIndex.platforms(),
      ]);
      const queue =
        filter.status === "violating" && filter.reviewed === "no" && Object.keys(filter).length === 2;
      const section = queue ? "queue" : "posters";
      const title = queue ? "Review queue" : isFiltered(filter) ? "Posters (filtered)" : "Posters";
      const html = galleryPage(viewContextOf(request, services, section), {
        filter,
        page: result,
        total,
        pageNumber: cursor ? pageNumberOf(request.query.page) : 1,
        pageSize: GALLERY_PAGE_SIZE,
        platforms,
        title,
      });
      return sendHtml(reply, html);
    },
  );

  app.get<{ Params: { posterHash: string }; Querystring: { flash?: string } }>(
    "/ui/posters/:posterHash",
    { schema: hidden, config: page },
    async (request, reply) => {
      const { posterHash } = request.params;
      const context = viewContextOf(request, services, "posters");
      const found = isPosterHash(posterHash) ? await services.reviews.reviewFor(posterHash) : undefined;
      if (!found) return sendHtml(reply, notFoundPage(`No poster has the hash ${posterHash}.`), 404);
      const verdict = await services.indexer.verdictOf(posterHash);
      if (!verdict) return sendHtml(reply, notFoundPage(`No poster has the hash ${posterHash}.`), 404);
      const [entry, observations, sightings, size] = await Promise.all([
        services.posterIndex.get(posterHash),
        services.jobs.listObservations(posterHash),
        services.jobs.listSightings(posterHash),
        services.thumbnails.dimensions(verdict.latest.storage.key).catch(() => undefined),
      ]);
      let policy: ReturnType<DashboardServices["policyFor"]> | undefined;
      try {
        policy = services.policyFor(verdict.job.platform, verdict.job.artworkType);
      } catch {
        policy = undefined;
      }
      const html = posterPage(context, {
        posterHash,
        entry,
        verdict,
        decisions: found.decisions,
        review: found.review,
        observations,
        sightings,
        policy,
        size,
        flash: flashFor(request.query.flash),
      });
      return sendHtml(reply, html);
    },
  );

  app.get<{ Querystring: { reviewer?: string; cursor?: string; page?: string } }>(
    "/ui/audit",
    { schema: hidden, config: page },
    async (request, reply) => {
      const reviewer = request.query.reviewer?.slice(0, 64) || undefined;
      const cursor = cursorOf(request.query.cursor);
      const [result, reviewers] = await Promise.all([
        services.reviews.audit({
          limit: 50,
          ...(reviewer ? { reviewer } : {}),
          ...(cursor ? { cursor } : {}),
        }),
        services.reviews.reviewers(),
      ]);
      const titles = await titlesOf(
        services,
        result.items.map((d) => d.posterHash),
      );
      const html = auditPage(viewContextOf(request, services, "audit"), {
        page: result,
        reviewer,
        reviewers,
        titles,
        pageNumber: cursor ? pageNumberOf(request.query.page) : 1,
      });
      return sendHtml(reply, html);
    },
  );

  app.get<{ Querystring: { flash?: string } }>(
    "/ui/crawls",
    { schema: hidden, config: page },
    async (request, reply) => {
      const crawls = services.crawls;
      const html = crawlsPage(viewContextOf(request, services, "crawls"), {
        runs: crawls ? await crawls.listRuns(50) : undefined,
        platforms: crawls ? crawls.platforms() : [],
        flash: flashFor(request.query.flash),
      });
      return sendHtml(reply, html);
    },
  );

  app.get<{ Querystring: { redriven?: string } }>(
    "/ui/dlq",
    { schema: hidden, config: page },
    async (request, reply) => {
      const letters = await services.deadLetters.list(500);
      const redriven = Number(request.query.redriven);
      const flash =
        Number.isInteger(redriven) && redriven >= 0 && request.query.redriven !== undefined
          ? {
              kind: "ok" as const,
              message: `${redriven} ${redriven === 1 ? "job is" : "jobs are"} back on the queue.`,
            }
          : undefined;
      const titles = await titlesOf(
        services,
        letters.map((l) => l.body.posterHash),
      );
      return sendHtml(reply, dlqPage(viewContextOf(request, services, "dlq"), { letters, titles, flash }));
    },
  );

  app.get<{ Querystring: Record<string, string | undefined> }>(
    "/ui/policy",
    { schema: hidden, config: page },
    async (request, reply) => {
      const document = services.policies.current;
      const resolved = services.policies.allResolved();
      const { platform, artworkType } = request.query;
      const selected =
        resolved.find(
          (p) =>
            (p.platform ?? "") === (platform && isPlatformSlug(platform) ? platform : "") &&
            p.artworkType === artworkType,
        ) ??
        resolved.find((p) => p.platform === undefined && p.artworkType === document.defaultArtworkType) ??
        resolved[0];
      if (!selected) return sendHtml(reply, notFoundPage("The policy defines no artwork type."), 500);
      const numbers = ["posters", "rejudged", "changed", "current", "detectorRuns", "durationMs"] as const;
      const report =
        request.query.rejudged !== undefined
          ? Object.fromEntries(
              numbers.map((key) => [key, Math.max(0, Math.trunc(Number(request.query[key]) || 0))]),
            )
          : undefined;
      const html = policyPage(viewContextOf(request, services, "policy"), {
        document,
        resolved,
        selected,
        report,
      });
      return sendHtml(reply, html);
    },
  );
}
