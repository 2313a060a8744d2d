import type { Principal } from "../auth/principal.js";
import { can, type Permission } from "../auth/roles.js";

export type Section = "overview" | "posters" | "queue" | "audit" | "crawls" | "dlq" | "policy" | "none";

/** What every page needs to know about the request beside its own data. */
export interface ViewContext {
  principal?: Principal;
  openAccess: boolean;
  now: Date;
  section: Section;
}

/** Pages hide what the viewer cannot do; the server refuses it anyway. */
export function allowed(context: ViewContext, permission: Permission): boolean {
  return context.principal !== undefined && can(context.principal.role, permission);
}
