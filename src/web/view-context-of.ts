import type { FastifyRequest } from "fastify";
import type { DashboardServices } from "./dashboard-services.js";
import type { Section, ViewContext } from "./view-context.js";

export function viewContextOf(
  request: FastifyRequest,
  services: DashboardServices,
  section: Section,
): ViewContext {
  return {
    openAccess: services.access.openAccess,
    now: services.clock.now(),
    section,
    ...(request.principal ? { principal: request.principal } : {}),
  };
}
