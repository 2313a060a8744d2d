import type { Socket } from "node:net";
import { BlockedAddressError } from "../../adapters/fetch/guarded-lookup.js";
import type { NetworkFence } from "./network-fence.js";

/** What the proxy's request and tunnel handlers share. */
export interface ProxyHop {
  fence: NetworkFence;
  connectTimeoutMs: number;
  refuse(target: string, error: BlockedAddressError): void;
  /** Keeps a socket to destroy when the proxy closes. */
  track(socket: Socket): void;
}

/** A URL, or undefined for text that is not one. */
export function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

export function isBlocked(error: unknown): error is BlockedAddressError {
  return error instanceof BlockedAddressError;
}

/** The answer the browser gets for a refused request; it names no address. */
export const REFUSED_BODY = "refused by the crawl's address policy\n";
