import type {} from "@fastify/cookie";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { ApiKey, KeyRing } from "./api-keys.js";

export const SESSION_COOKIE = "pg_session";
export const SESSION_TTL_SECONDS = 12 * 60 * 60;

/**
 * A dashboard session is a signed cookie naming the key's id and an expiry, never the token:
 * removing a key from the configuration ends its sessions.
 */
export function startSession(reply: FastifyReply, request: FastifyRequest, key: ApiKey, now: Date): void {
  const expires = Math.floor(now.getTime() / 1000) + SESSION_TTL_SECONDS;
  reply.setCookie(SESSION_COOKIE, `${key.id}.${expires}`, {
    signed: true,
    httpOnly: true,
    sameSite: "strict",
    secure: isHttps(request),
    path: "/",
    maxAge: SESSION_TTL_SECONDS,
  });
}

export function endSession(reply: FastifyReply, request: FastifyRequest): void {
  reply.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: "strict",
    secure: isHttps(request),
    path: "/",
  });
}

/** The key behind a valid, unexpired session cookie. */
export function sessionKey(request: FastifyRequest, keys: KeyRing, now: Date): ApiKey | undefined {
  const raw = request.cookies?.[SESSION_COOKIE];
  if (!raw) return undefined;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || unsigned.value === null) return undefined;
  const [id, expires] = unsigned.value.split(".");
  if (!id || !expires || Number(expires) * 1000 <= now.getTime()) return undefined;
  return keys.byId(id);
}

/** Secure cookies when the browser talks HTTPS, directly or through a TLS-terminating proxy. */
function isHttps(request: FastifyRequest): boolean {
  return request.protocol === "https" || request.headers["x-forwarded-proto"] === "https";
}
