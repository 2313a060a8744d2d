import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify from "fastify";
import { registerSecurity } from "../../../src/auth/register-security.js";
import { errorHandler, sendError } from "../../../src/http/http-errors.js";
import { exportRoutes } from "../../../src/http/routes/export-routes.js";
import { jobRoutes } from "../../../src/http/routes/job-routes.js";
import { opsRoutes } from "../../../src/http/routes/ops-routes.js";
import { policyRoutes } from "../../../src/http/routes/policy-routes.js";
import { posterRoutes } from "../../../src/http/routes/poster-routes.js";
import { reviewDecisionSchema, reviewRoutes } from "../../../src/http/routes/review-routes.js";
import { errorSchema, jobSchema, resultSchema, violationSchema } from "../../../src/http/schemas.js";
import { deniedPage } from "../../../src/web/pages/sign-in-page.js";
import { registerDashboard } from "../../../src/web/register-dashboard.js";
import type { DashboardTestServices } from "./dashboard-services.js";

/**
 * src/http/build-app.ts with the proposed additions, line for line: security before any
 * route, the review schema beside the others, then the review, export and dashboard routes.
 */
export async function buildDashboardApp(services: DashboardTestServices) {
  const app = Fastify({
    loggerInstance: services.log,
    bodyLimit: services.config.BODY_LIMIT_BYTES,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: "array", allErrors: false } },
  });
  for (const schema of [errorSchema, violationSchema, resultSchema, jobSchema, reviewDecisionSchema]) {
    app.addSchema(schema);
  }
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
  await registerDashboard(app, services);
  return app;
}
