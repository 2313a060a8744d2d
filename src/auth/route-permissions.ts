import type { FastifyRequest } from "fastify";
import type { Permission } from "./roles.js";

/** Routes registered by other modules, which cannot carry `config.permission` themselves. */
const KNOWN_ROUTES: Record<string, Permission | "public"> = {
  "POST /jobs": "submit",
  "POST /policy/rejudge": "operate",
  "GET /healthz": "public",
  "HEAD /healthz": "public",
};

/**
 * What a request needs: the route's own `config.permission`, else the table above, else
 * reading for GET and HEAD and operating for anything else (a new route is admin-only until it
 * says otherwise). OpenAPI docs are public; an unknown URL needs a key like any other.
 */
export function permissionFor(request: FastifyRequest): Permission | "public" {
  const declared = request.routeOptions.config?.permission;
  if (declared) return declared;
  const url = request.routeOptions.url;
  if (url === undefined) return "read";
  if (url === "/docs" || url.startsWith("/docs/")) return "public";
  const known = KNOWN_ROUTES[`${request.method} ${url}`];
  if (known) return known;
  return request.method === "GET" || request.method === "HEAD" ? "read" : "operate";
}

export function isSafeMethod(method: string): boolean {
  return method === "GET" || method === "HEAD" || method === "OPTIONS";
}
