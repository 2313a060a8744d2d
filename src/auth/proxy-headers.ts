import type { IncomingHttpHeaders } from "node:http";

/** Headers that proxies add to say whom they relay a request for, or that they relayed it. */
const PROXY_HEADERS = ["forwarded", "via", "x-real-ip", "x-client-ip", "true-client-ip", "cf-connecting-ip"];

/**
 * True when a request carries any sign of having come through a proxy (Forwarded, Via,
 * X-Forwarded-*, X-Real-IP …): its socket peer is then the proxy, not the client.
 */
export function relayedByProxy(headers: IncomingHttpHeaders): boolean {
  for (const name of Object.keys(headers)) {
    if (name.startsWith("x-forwarded-") || PROXY_HEADERS.includes(name)) return true;
  }
  return false;
}
