import type { FastifyRequest } from "fastify";

/**
 * Cross-site request forgery defence for state changes, on top of SameSite=Strict cookies:
 * a browser says where a request comes from in Sec-Fetch-Site, Origin and (when it sends no
 * Origin) Referer. Whichever it sends must be this site's own origin. Returns why the request
 * is refused, or undefined. Clients that are not browsers send none of them.
 */
export function crossSiteReason(request: FastifyRequest): string | undefined {
  const site = request.headers["sec-fetch-site"];
  if (site === "cross-site" || site === "same-site") return `the request came from another site (${site})`;
  const claimed = request.headers.origin ?? request.headers.referer;
  if (claimed === undefined) return undefined;
  const from = originOf(claimed);
  if (from === undefined || from !== siteOrigin(request)) return "the request came from another origin";
  return undefined;
}

/** Browsers send Origin (or at least Referer) with every form POST. */
export function cameFromBrowserPage(request: FastifyRequest): boolean {
  return request.headers.origin !== undefined || request.headers.referer !== undefined;
}

/**
 * This site's origin as the browser sees it: the Host it asked for, with the scheme in use.
 * Behind a TLS-terminating proxy the connection is plain HTTP; the proxy says `https` in
 * X-Forwarded-Proto (a header no cross-site page can make a browser send).
 */
export function siteOrigin(request: FastifyRequest): string | undefined {
  const forwardedProto = String(request.headers["x-forwarded-proto"] ?? "")
    .split(",")[0]
    ?.trim()
    .toLowerCase();
  const scheme = request.protocol === "https" || forwardedProto === "https" ? "https" : "http";
  return originOf(`${scheme}://${request.host}`);
}

/** The serialized origin of a URL (lower-case host, default port dropped), or undefined. */
function originOf(value: string): string | undefined {
  try {
    const origin = new URL(value).origin;
    return origin === "null" ? undefined : origin;
  } catch {
    return undefined;
  }
}
