import type { FastifyRequest } from "fastify";

/**
 * Cross-site request forgery defence for state changes, on top of SameSite=Strict cookies:
 * a browser's request from another site says so in Sec-Fetch-Site and Origin. Returns why the
 * request is refused, or undefined. Clients that are not browsers send neither header.
 */
export function crossSiteReason(request: FastifyRequest): string | undefined {
  const site = request.headers["sec-fetch-site"];
  if (site === "cross-site" || site === "same-site") return `the request came from another site (${site})`;
  const origin = request.headers.origin;
  if (origin === undefined) return undefined;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return "the request's Origin is not a URL";
  }
  return host === request.host ? undefined : "the request came from another origin";
}

/** Browsers send Origin (or at least Referer) with every form POST. */
export function cameFromBrowserPage(request: FastifyRequest): boolean {
  return request.headers.origin !== undefined || request.headers.referer !== undefined;
}
