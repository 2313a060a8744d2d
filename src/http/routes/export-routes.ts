import { Readable } from "node:stream";
import type { FastifyInstance } from "fastify";
import type { GalleryFilter, PosterIndex } from "../../ports/poster-index.js";
import type { DashboardServices } from "../../web/dashboard-services.js";
import { csvHeader, csvRow } from "../../web/export-format.js";
import {
  type GalleryQueryString,
  galleryFilterFrom,
  galleryFilterSchemaProperties,
} from "../../web/gallery-query.js";

const EXPORT_PAGE = 1000;

const indexEntrySchema = {
  type: "object",
  additionalProperties: true,
  properties: {
    posterHash: { type: "string" },
    title: { type: "string" },
    platforms: { type: "array", items: { type: "string" } },
    status: { type: "string" },
    violations: {
      type: "array",
      items: {
        type: "object",
        properties: {
          code: { type: "string" },
          severity: { type: "string" },
          overturned: { type: "boolean" },
        },
      },
    },
    maxSeverity: { type: "string" },
    reviewState: { type: "string" },
    humanVerdict: { type: "string" },
  },
} as const;

async function* entriesOf(index: PosterIndex, filter: GalleryFilter) {
  let cursor: string | undefined;
  do {
    const page = await index.search({ ...filter, limit: EXPORT_PAGE, ...(cursor ? { cursor } : {}) });
    yield* page.items;
    cursor = page.nextCursor;
  } while (cursor);
}

async function* csvOf(index: PosterIndex, filter: GalleryFilter) {
  yield csvHeader();
  for await (const entry of entriesOf(index, filter)) yield csvRow(entry);
}

async function* jsonOf(index: PosterIndex, filter: GalleryFilter) {
  yield "[";
  let first = true;
  for await (const entry of entriesOf(index, filter)) {
    yield `${first ? "\n" : ",\n"}${JSON.stringify(entry)}`;
    first = false;
  }
  yield "\n]\n";
}

function fileName(extension: string, now: Date): string {
  return `posterguard-posters-${now.toISOString().slice(0, 16).replace(/[-:]/g, "").replace("T", "-")}.${extension}`;
}

/** The poster index over the API: the gallery's list, and exports of any filter as CSV or JSON. */
export async function exportRoutes(app: FastifyInstance, { services }: { services: DashboardServices }) {
  app.get<{ Querystring: GalleryQueryString & { limit: number; cursor?: string; withTotal?: boolean } }>(
    "/posters",
    {
      schema: {
        summary: "Posters with their latest verdict and review, newest first, filtered as in the gallery",
        tags: ["posters"],
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            ...galleryFilterSchemaProperties,
            limit: { type: "integer", minimum: 1, maximum: 200, default: 50 },
            cursor: { type: "string", maxLength: 512 },
            withTotal: { type: "boolean", default: false, description: "also count every match" },
          },
        },
        response: {
          200: {
            type: "object",
            properties: {
              items: { type: "array", items: indexEntrySchema },
              nextCursor: { type: "string" },
              total: { type: "integer" },
            },
          },
          400: { $ref: "Error#" },
        },
      },
      config: { permission: "read" },
    },
    async (request) => {
      const filter = galleryFilterFrom(request.query);
      const { limit, cursor, withTotal } = request.query;
      const page = await services.posterIndex.search({ ...filter, limit, ...(cursor ? { cursor } : {}) });
      return withTotal ? { ...page, total: await services.posterIndex.count(filter) } : page;
    },
  );

  const formats = [
    { extension: "csv", name: "CSV", contentType: "text/csv; charset=utf-8", body: csvOf },
    { extension: "json", name: "JSON", contentType: "application/json; charset=utf-8", body: jsonOf },
  ];
  for (const format of formats) {
    app.get<{ Querystring: GalleryQueryString }>(
      `/exports/posters.${format.extension}`,
      {
        schema: {
          summary: `Every poster matching the filters, as ${format.name} (a download)`,
          tags: ["posters"],
          querystring: {
            type: "object",
            additionalProperties: false,
            properties: galleryFilterSchemaProperties,
          },
          response: { 400: { $ref: "Error#" } },
        },
        config: { permission: "export" },
      },
      async (request, reply) => {
        const filter = galleryFilterFrom(request.query);
        const file = fileName(format.extension, services.clock.now());
        return reply
          .header("content-type", format.contentType)
          .header("content-disposition", `attachment; filename="${file}"`)
          .header("cache-control", "no-store")
          .send(Readable.from(format.body(services.posterIndex, filter)));
      },
    );
  }
}
