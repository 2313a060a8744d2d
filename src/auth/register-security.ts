import type { IncomingMessage, ServerResponse } from "node:http";
import cookie from "@fastify/cookie";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RawServerDefault,
} from "fastify";
import type { Clock } from "../ports/clock.js";
import type { AccessControl } from "./access-control.js";
import { isLoopbackHost } from "./bind-rule.js";
import { LOCAL_PRINCIPAL, type Principal } from "./principal.js";
import { relayedByProxy } from "./proxy-headers.js";
import { cameFromBrowserPage, crossSiteReason } from "./request-origin.js";
import { can, type Permission, rolesWith } from "./roles.js";
import { isSafeMethod, permissionFor } from "./route-permissions.js";
import { sessionKey } from "./session-cookie.js";

export interface AccessProblem {
  statusCode: 401 | 403;
  code: string;
  message: string;
}

export interface SecurityOptions {
  access: AccessControl;
  clock: Clock;
  /** Renders a refusal for a dashboard page as HTML (the API answers JSON). */
  deniedPage?: (problem: AccessProblem, request: FastifyRequest) => string;
}

/**
 * Security headers, rate limiting, cookies, and authentication with role checks on every
 * route. Call it on the root instance before any route is registered.
 */
export async function registerSecurity<Logger extends FastifyBaseLogger>(
  app: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, Logger>,
  options: SecurityOptions,
): Promise<void> {
  const { access } = options;
  await app.register(cookie, { secret: access.sessionSecret, hook: "onRequest" });
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", "data:"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        imgSrc: ["'self'", "data:"],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        // Swagger UI at /docs sets styles inline; the dashboard itself uses none.
        styleSrc: ["'self'", "'unsafe-inline'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    // Not no-referrer: with it browsers send `Origin: null` on form posts, and the origin check
    // below needs the real origin.
    referrerPolicy: { policy: "same-origin" },
    hsts: false,
  });
  await app.register(rateLimit, {
    global: true,
    max: access.rateLimitPerMinute,
    timeWindow: 60_000,
    // Per client address. Open access only answers loopback, where a limit protects nothing.
    allowList: () => access.openAccess,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      code: "RATE_LIMITED",
      message: `too many requests; try again in ${Math.ceil(context.ttl / 1000)} s`,
    }),
  });
  app.decorateRequest("principal", undefined);
  app.addHook("onRequest", async (request, reply) => authenticate(request, reply, options));
}

async function authenticate(request: FastifyRequest, reply: FastifyReply, options: SecurityOptions) {
  const { access } = options;
  if (!isSafeMethod(request.method)) {
    const reason = crossSiteReason(request);
    if (reason)
      return refuse(request, reply, options, {
        statusCode: 403,
        code: "CROSS_SITE_REQUEST",
        message: `refused: ${reason}`,
      });
  }
  const permission = permissionFor(request);
  const found = identify(request, options);
  if (found.problem) {
    if (permission === "public") return undefined;
    return refuse(request, reply, options, found.problem);
  }
  if (found.principal) request.principal = found.principal;
  if (permission === "public") return undefined;
  const principal = found.principal;
  if (!principal) {
    const problem: AccessProblem = access.openAccess
      ? {
          statusCode: 403,
          code: "LOOPBACK_ONLY",
          message:
            "without API keys this server only answers clients on a loopback address such as 127.0.0.1, directly and not through a proxy",
        }
      : {
          statusCode: 401,
          code: "UNAUTHORIZED",
          message: "send an API key as `Authorization: Bearer <token>`",
        };
    return refuse(request, reply, options, problem);
  }
  if (principal.via === "session" && !isSafeMethod(request.method) && !cameFromBrowserPage(request)) {
    return refuse(request, reply, options, {
      statusCode: 403,
      code: "CROSS_SITE_REQUEST",
      message: "refused: a signed-in browser request must come from a page of this site",
    });
  }
  if (!can(principal.role, permission)) {
    return refuse(request, reply, options, forbidden(principal, permission));
  }
  return undefined;
}

function identify(
  request: FastifyRequest,
  options: SecurityOptions,
): { principal?: Principal; problem?: AccessProblem } {
  const { access } = options;
  // X-Api-Key first: behind an IAM-signed API Gateway, Authorization carries the SigV4 signature.
  const apiKeyHeader = request.headers["x-api-key"];
  const header = typeof apiKeyHeader === "string" ? `Bearer ${apiKeyHeader}` : request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer +(\S+) *$/i.exec(header);
    const key = match?.[1] ? access.keys.verify(match[1]) : undefined;
    if (!key) {
      return {
        problem: {
          statusCode: 401,
          code: "INVALID_API_KEY",
          message: "the API key is not valid (send `Authorization: Bearer <token>` or `X-Api-Key: <token>`)",
        },
      };
    }
    return { principal: { name: key.name, role: key.role, via: "bearer" } };
  }
  const key = sessionKey(request, access.keys, options.clock.now());
  if (key) return { principal: { name: key.name, role: key.role, via: "session" } };
  if (access.openAccess && isLocalRequest(request)) return { principal: LOCAL_PRINCIPAL };
  return {};
}

/**
 * Open access is for the local user. Trust comes from the socket's peer, which must be loopback
 * and must not be a proxy relaying someone else (a same-host reverse proxy connects from
 * loopback too, and may well send `Host: 127.0.0.1`). The Host the browser asked for must be
 * loopback as well, so a page on another site cannot rebind its name to 127.0.0.1 and get in;
 * it is a further condition, never a reason to trust.
 */
function isLocalRequest(request: FastifyRequest): boolean {
  const peer = request.socket?.remoteAddress;
  if (peer === undefined || !isLoopbackHost(peer)) return false;
  if (relayedByProxy(request.headers)) return false;
  return isLoopbackHost(request.hostname);
}

function forbidden(principal: Principal, permission: Permission): AccessProblem {
  return {
    statusCode: 403,
    code: "FORBIDDEN",
    message: `${principal.name} (${principal.role}) may not ${permission}; that needs ${rolesWith(permission).join(" or ")}`,
  };
}

function refuse(
  request: FastifyRequest,
  reply: FastifyReply,
  options: SecurityOptions,
  problem: AccessProblem,
) {
  const dashboard = request.routeOptions.config?.dashboard === true;
  if (dashboard && problem.statusCode === 401 && request.method === "GET") {
    const next = encodeURIComponent(request.url);
    return reply.redirect(`/sign-in?next=${next}`, 303);
  }
  if (dashboard && options.deniedPage) {
    return reply
      .code(problem.statusCode)
      .type("text/html; charset=utf-8")
      .send(options.deniedPage(problem, request));
  }
  if (problem.statusCode === 401) reply.header("www-authenticate", 'Bearer realm="posterguard"');
  return reply.code(problem.statusCode).send({ error: { code: problem.code, message: problem.message } });
}
