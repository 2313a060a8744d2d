import type { FastifyInstance } from "fastify";
import type { Services } from "../../compose.js";

export async function opsRoutes(app: FastifyInstance, { services }: { services: Services }) {
  app.get(
    "/healthz",
    { schema: { summary: "Liveness and storage check", tags: ["ops"] } },
    async (request, reply) => {
      try {
        const depth = await services.queue.depth();
        return { status: "ok", backend: services.config.BACKEND, queue: depth };
      } catch (error) {
        // Anyone may ask: the cause (paths, table names, endpoints) goes to the log only.
        request.log.error({ err: error }, "health check failed: storage");
        return reply.code(503).send({ status: "unavailable", checks: { storage: "failing" } });
      }
    },
  );

  app.get(
    "/metrics",
    { schema: { summary: "Prometheus metrics", tags: ["ops"], hide: false } },
    async (_request, reply) => {
      const { registry } = services.metrics;
      return reply.header("content-type", registry.contentType).send(await registry.metrics());
    },
  );
}
