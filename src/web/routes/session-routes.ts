import formbody from "@fastify/formbody";
import type { FastifyInstance } from "fastify";
import { endSession, startSession } from "../../auth/session-cookie.js";
import type { DashboardServices } from "../dashboard-services.js";
import { signInPage } from "../pages/sign-in-page.js";

/** Stands in for this site's origin while a `next` value is resolved the way a browser would. */
const THIS_SITE = "http://this-site.invalid";
const MAX_NEXT_LENGTH = 2000;

/**
 * Only a path on this site: a sign-in link must not send people elsewhere. The value is parsed
 * as the browser will parse the Location header (tabs and newlines dropped, backslashes read as
 * slashes, `//host` scheme-relative, dot segments removed); anything that leaves the site, or
 * whose normalized path would start with `//`, becomes `/`. Returns the normalized path.
 */
export function safeNext(next: string | undefined): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.length > MAX_NEXT_LENGTH) return "/";
  let url: URL;
  try {
    url = new URL(next, THIS_SITE);
  } catch {
    return "/";
  }
  if (url.origin !== THIS_SITE) return "/";
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith("/") && !/^\/[/\\]/.test(path) ? path : "/";
}

/** Sign-in with a pasted API key, kept in a signed HttpOnly SameSite=Strict cookie. */
export async function sessionRoutes(app: FastifyInstance, { services }: { services: DashboardServices }) {
  await app.register(formbody, { bodyLimit: 4 * 1024 });
  const signIn = { permission: "public", rateLimit: { max: 10, timeWindow: 60_000 } } as const;

  app.get<{ Querystring: { next?: string } }>(
    "/sign-in",
    { schema: { hide: true }, config: signIn },
    async (request, reply) => {
      const next = safeNext(request.query.next);
      if (services.access.openAccess) return reply.redirect(next, 303);
      const signedInAs = request.principal
        ? `${request.principal.name} (${request.principal.role})`
        : undefined;
      return reply
        .header("content-type", "text/html; charset=utf-8")
        .header("cache-control", "no-store")
        .send(signInPage({ next, signedInAs }));
    },
  );

  app.post<{ Body: { token?: string; next?: string } }>(
    "/sign-in",
    {
      schema: {
        hide: true,
        body: {
          type: "object",
          properties: {
            token: { type: "string", maxLength: 512 },
            next: { type: "string", maxLength: 2000 },
          },
        },
      },
      config: signIn,
    },
    async (request, reply) => {
      const next = safeNext(request.body.next);
      const key = services.access.keys.verify((request.body.token ?? "").trim());
      if (!key) {
        request.log.info("dashboard sign-in refused: unknown key");
        return reply
          .code(401)
          .header("content-type", "text/html; charset=utf-8")
          .header("cache-control", "no-store")
          .send(signInPage({ next, error: "That key is not valid. Check it was copied whole." }));
      }
      startSession(reply, request, key, services.clock.now());
      request.log.info({ keyName: key.name, role: key.role }, "dashboard sign-in");
      return reply.redirect(next, 303);
    },
  );

  app.post(
    "/sign-out",
    { schema: { hide: true }, config: { permission: "public" } },
    async (request, reply) => {
      endSession(reply, request);
      return reply.redirect(services.access.openAccess ? "/" : "/sign-in", 303);
    },
  );
}
