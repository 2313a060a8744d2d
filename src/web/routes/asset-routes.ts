import type { FastifyInstance } from "fastify";
import { isPosterHash } from "../../domain/poster-key.js";
import { ASSETS } from "../assets/asset-urls.js";
import type { DashboardServices } from "../dashboard-services.js";

const posterHashParams = {
  type: "object",
  required: ["posterHash"],
  properties: { posterHash: { type: "string", pattern: "^[0-9a-f]{64}$" } },
} as const;

/** The stylesheet, script and icon (public, cached forever), and poster thumbnails. */
export async function assetRoutes(app: FastifyInstance, { services }: { services: DashboardServices }) {
  for (const asset of Object.values(ASSETS)) {
    app.get(
      asset.path,
      { schema: { hide: true }, config: { permission: "public", rateLimit: false } },
      async (_request, reply) =>
        reply
          .header("content-type", asset.contentType)
          .header("cache-control", "public, max-age=31536000, immutable")
          .send(asset.body),
    );
  }
  app.get(
    "/favicon.ico",
    { schema: { hide: true }, config: { permission: "public" } },
    async (_request, reply) => reply.redirect(ASSETS.icon.path, 301),
  );

  app.get<{ Params: { posterHash: string } }>(
    "/posters/:posterHash/thumbnail",
    {
      schema: {
        summary: "A small WebP of the poster for galleries, made once and kept",
        tags: ["posters"],
        params: posterHashParams,
        response: { 404: { $ref: "Error#" } },
      },
      // A gallery page loads dozens at once: they get ten times the usual allowance.
      config: { permission: "read", rateLimit: { max: services.access.rateLimitPerMinute * 10 } },
    },
    async (request, reply) => {
      const { posterHash } = request.params;
      if (!isPosterHash(posterHash)) return reply.code(404).send();
      const sourceKey =
        (await services.posterIndex.get(posterHash))?.storageKey ??
        (await services.jobs.listJobs({ posterHash, limit: 1 })).items[0]?.storage.key;
      const bytes = sourceKey ? await services.thumbnails.get(posterHash, sourceKey) : undefined;
      if (!bytes) {
        return reply
          .code(404)
          .send({ error: { code: "POSTER_NOT_FOUND", message: `no stored image for ${posterHash}` } });
      }
      return reply
        .header("content-type", "image/webp")
        .header("cache-control", "private, max-age=31536000, immutable")
        .send(bytes);
    },
  );
}
