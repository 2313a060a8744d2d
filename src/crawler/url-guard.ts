import type { AddressPolicy } from "../adapters/fetch/address-policy.js";
import {
  BlockedAddressError,
  createGuardedLookup,
  type ResolveHostname,
} from "../adapters/fetch/guarded-lookup.js";
import { refusalOf } from "./fence/fence-refusal.js";
import { type NetworkFence, resolveAllowed } from "./fence/network-fence.js";

export class StartUrlBlockedError extends Error {
  override readonly name = "StartUrlBlockedError";
  readonly code = "BLOCKED_ADDRESS";
}

/**
 * Refuses, before a run starts, a start URL that is not http(s) or whose host is, or resolves
 * to, an address the fence closes: the API answers at once instead of recording a failed run.
 * The run's proxy checks every connection again, so a name that changes its answer later is
 * still refused.
 */
export async function checkStartUrl(fence: NetworkFence, raw: string): Promise<void> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new StartUrlBlockedError(`${JSON.stringify(raw)} is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new StartUrlBlockedError(`only http(s) URLs can be crawled, not ${url.protocol}`);
  }
  try {
    await resolveAllowed(fence, url.hostname);
  } catch (error) {
    if (error instanceof BlockedAddressError) {
      throw new StartUrlBlockedError(`${refusalOf(url.href, error).reason}, which crawls may not reach`);
    }
    throw new StartUrlBlockedError(`${url.hostname} does not resolve: ${(error as Error).message}`);
  }
}

export interface UrlGuard {
  checkStartUrl(url: string): Promise<void>;
}

/** The start-URL check on its own, for a policy without a fence around it. */
export function createUrlGuard(policy: AddressPolicy, resolveHostname?: ResolveHostname): UrlGuard {
  const fence: NetworkFence = { policy, lookup: createGuardedLookup(policy, resolveHostname) };
  return { checkStartUrl: (url) => checkStartUrl(fence, url) };
}
