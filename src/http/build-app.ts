import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Services } from "../compose.js";
import { errorHandler, sendError } from "./http-errors.js";
import { jobRoutes } from "./routes/job-routes.js";
import { opsRoutes } from "./routes/ops-routes.js";
import { policyRoutes } from "./routes/policy-routes.js";
import { posterRoutes } from "./routes/poster-routes.js";
import { errorSchema, jobSchema, resultSchema, violationSchema } from "./schemas.js";

/** The HTTP API: routes with schemas, one error shape, OpenAPI at /docs. */
export async function buildApp(services: Services): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: services.log as FastifyBaseLogger,
    bodyLimit: services.config.BODY_LIMIT_BYTES,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: "array", allErrors: false } },
  });
  for (const schema of [errorSchema, violationSchema, resultSchema, jobSchema]) app.addSchema(schema);
  await app.register(swagger, {
    openapi: {
      info: {
        title: "PosterGuard API",
        version: "0.1.0",
        description: "Submit posters, read verdicts, and see where each poster appears.",
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, "NOT_FOUND", `no route ${request.method} ${request.url.split("?")[0]}`),
  );
  await app.register(jobRoutes, { services });
  await app.register(posterRoutes, { services });
  await app.register(opsRoutes, { services });
  await app.register(policyRoutes, { services });
  return app;
}
