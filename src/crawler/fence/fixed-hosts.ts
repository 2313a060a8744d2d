import type { LookupAddress } from "node:dns";
import { isIP } from "node:net";
import type { ResolveHostname } from "../../adapters/fetch/guarded-lookup.js";

/**
 * Names answered from a fixed table instead of DNS (a test's catalog hosts); any other name is
 * ENOTFOUND. Plain data, so a crawl's child process can be given the same table.
 */
export function fixedHostsResolver(hosts: Readonly<Record<string, string>>): ResolveHostname {
  return (hostname, _options, callback) => {
    const address = hosts[hostname.toLowerCase()];
    if (!address) {
      const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
      queueMicrotask(() => callback(error, []));
      return;
    }
    const answer: LookupAddress[] = [{ address, family: isIP(address) }];
    queueMicrotask(() => callback(null, answer));
  };
}
