import type { Permission, Role } from "./roles.js";

/** Who is making a request, and how they proved it. */
export interface Principal {
  name: string;
  role: Role;
  via: "bearer" | "session" | "open";
}

/** Open access (no keys configured, loopback only): the local user may do everything. */
export const LOCAL_PRINCIPAL: Principal = { name: "local", role: "admin", via: "open" };

declare module "fastify" {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** What a caller must be allowed to do; "public" needs no key. */
    permission?: Permission | "public";
    /** A dashboard page: signed-out browsers are sent to the sign-in page instead of a 401. */
    dashboard?: boolean;
  }
}
