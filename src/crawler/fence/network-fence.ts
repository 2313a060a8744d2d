import type { LookupFunction } from "node:net";
import { isIP } from "node:net";
import { type AddressPolicy, createAddressPolicy } from "../../adapters/fetch/address-policy.js";
import {
  type BlockedAddressError,
  blockedAddressError,
  createGuardedLookup,
  type ResolveHostname,
} from "../../adapters/fetch/guarded-lookup.js";

/**
 * The address rules of poster downloads, for everything a crawl touches: the browser's traffic
 * (through the crawl proxy), robots.txt and start URLs.
 */
export interface NetworkFence {
  readonly policy: AddressPolicy;
  /** A `lookup` for net/http that hands out only addresses the policy allows. */
  readonly lookup: LookupFunction;
}

export interface NetworkFenceOptions {
  allowPrivate: boolean;
  allowedCidrs: readonly string[];
  /** The system resolver unless given (tests map names to addresses without DNS). */
  resolveHostname?: ResolveHostname;
}

export function createNetworkFence(options: NetworkFenceOptions): NetworkFence {
  const policy = createAddressPolicy(options);
  return { policy, lookup: createGuardedLookup(policy, options.resolveHostname) };
}

/** Node does not call `lookup` for an IP-literal host, so such hosts are checked before connecting. */
export function checkLiteralHost(fence: NetworkFence, host: string): BlockedAddressError | undefined {
  const bare = host.startsWith("[") ? host.slice(1, -1) : host;
  if (isIP(bare) === 0) return undefined;
  const verdict = fence.policy.check(bare);
  return verdict.allowed ? undefined : blockedAddressError(bare, bare, verdict.addressClass);
}

/** The addresses of a host the crawl may connect to; rejects with a BlockedAddressError when none. */
export function resolveAllowed(fence: NetworkFence, host: string): Promise<string[]> {
  const refused = checkLiteralHost(fence, host);
  if (refused) return Promise.reject(refused);
  const bare = host.startsWith("[") ? host.slice(1, -1) : host;
  if (isIP(bare) !== 0) return Promise.resolve([bare]);
  return new Promise((resolve, reject) => {
    fence.lookup(bare, { all: true }, (error, addresses) => {
      if (error) reject(error);
      else resolve(Array.isArray(addresses) ? addresses.map((a) => a.address) : [String(addresses)]);
    });
  });
}
