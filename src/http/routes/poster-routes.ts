import type { FastifyInstance } from "fastify";
import type { Services } from "../../compose.js";
import { verdictKeyOf } from "../../domain/verdict-key.js";
import { sendError } from "../http-errors.js";
import { posterHashParams } from "../schemas.js";

const CONTENT_TYPES: Record<string, string> = {
  jpg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  gif: "image/gif",
  avif: "image/avif",
  tiff: "image/tiff",
  bmp: "image/bmp",
};

export async function posterRoutes(app: FastifyInstance, { services }: { services: Services }) {
  app.get<{ Params: { posterHash: string } }>(
    "/posters/:posterHash",
    {
      schema: {
        summary: "A poster: its latest verdict, observations, sightings and jobs",
        tags: ["posters"],
        params: posterHashParams,
        response: { 404: { $ref: "Error#" } },
      },
    },
    async (request, reply) => {
      const { posterHash } = request.params;
      const { items: jobs } = await services.jobs.listJobs({ posterHash, limit: 20 });
      const latest = jobs[0];
      if (!latest) return sendError(reply, 404, "POSTER_NOT_FOUND", `no poster with hash ${posterHash}`);
      const policy = services.policyFor(latest.platform, latest.artworkType);
      const title = typeof latest.metadata.title === "string" ? latest.metadata.title : undefined;
      const current = await services.jobs.findCurrentForPoster(posterHash, verdictKeyOf(policy, title));
      const verdictJob = current ?? jobs.find((j) => j.status === "COMPLETED") ?? latest;
      return {
        posterHash,
        status: verdictJob.status,
        result: verdictJob.result ?? null,
        image: { key: latest.storage.key, url: `/posters/${posterHash}/image` },
        observations: await services.jobs.listObservations(posterHash),
        sightings: await services.jobs.listSightings(posterHash),
        jobs,
      };
    },
  );

  app.get<{ Params: { posterHash: string } }>(
    "/posters/:posterHash/image",
    {
      schema: {
        summary: "The poster image as stored",
        tags: ["posters"],
        params: posterHashParams,
        response: { 404: { $ref: "Error#" } },
      },
    },
    async (request, reply) => {
      const { posterHash } = request.params;
      const [latest] = (await services.jobs.listJobs({ posterHash, limit: 1 })).items;
      const bytes = latest ? await services.objects.get(latest.storage.key) : undefined;
      if (!latest || !bytes)
        return sendError(reply, 404, "POSTER_NOT_FOUND", `no stored image for ${posterHash}`);
      const extension = latest.storage.key.slice(latest.storage.key.lastIndexOf(".") + 1);
      return reply
        .header("content-type", CONTENT_TYPES[extension] ?? "application/octet-stream")
        .header("cache-control", "public, max-age=31536000, immutable")
        .header("x-content-type-options", "nosniff")
        .send(bytes);
    },
  );
}
