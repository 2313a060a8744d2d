import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { registerSecurity } from "../auth/register-security.js";
import type { Services } from "../compose.js";
import { deniedPage } from "../web/pages/sign-in-page.js";
import { registerDashboard } from "../web/register-dashboard.js";
import { clientErrorHandler } from "./client-error-handler.js";
import { errorHandler, sendError } from "./http-errors.js";
import { crawlRoutes } from "./routes/crawl-routes.js";
import { exportRoutes } from "./routes/export-routes.js";
import { jobRoutes } from "./routes/job-routes.js";
import { opsRoutes } from "./routes/ops-routes.js";
import { policyRoutes } from "./routes/policy-routes.js";
import { posterRoutes } from "./routes/poster-routes.js";
import { reviewDecisionSchema, reviewRoutes } from "./routes/review-routes.js";
import { errorSchema, jobSchema, resultSchema, violationSchema } from "./schemas.js";

/** The HTTP API and the dashboard: routes with schemas, one error shape, OpenAPI at /docs. */
export async function buildApp(services: Services): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: services.log as FastifyBaseLogger,
    bodyLimit: services.config.BODY_LIMIT_BYTES,
    clientErrorHandler,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: "array", allErrors: false } },
  });
  for (const schema of [errorSchema, violationSchema, resultSchema, jobSchema, reviewDecisionSchema]) {
    app.addSchema(schema);
  }
  // Before any route: keys and roles, the CSRF check, rate limits and security headers cover them all.
  await registerSecurity(app, { access: services.access, clock: services.clock, deniedPage });
  await app.register(swagger, {
    openapi: {
      info: {
        title: "PosterGuard API",
        version: "0.1.0",
        description: "Submit posters, read verdicts, and see where each poster appears.",
      },
      components: { securitySchemes: { apiKey: { type: "http", scheme: "bearer" } } },
      security: [{ apiKey: [] }],
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
  await app.register(reviewRoutes, { services });
  await app.register(exportRoutes, { services });
  await app.register(crawlRoutes, { services });
  await registerDashboard(app, services);
  return app;
}
