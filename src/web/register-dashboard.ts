import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from "fastify";
import type { DashboardServices } from "./dashboard-services.js";
import { assetRoutes } from "./routes/asset-routes.js";
import { formRoutes } from "./routes/form-routes.js";
import { pageRoutes } from "./routes/page-routes.js";
import { sessionRoutes } from "./routes/session-routes.js";

/**
 * The dashboard, served by the same Fastify app as the API: pages under / and /ui/, assets,
 * thumbnails, sign-in. Call after registerSecurity.
 */
export async function registerDashboard<Logger extends FastifyBaseLogger>(
  app: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, Logger>,
  services: DashboardServices,
): Promise<void> {
  await app.register(assetRoutes, { services });
  await app.register(pageRoutes, { services });
  await app.register(formRoutes, { services });
  await app.register(sessionRoutes, { services });
}
