import { lookup } from "node:dns/promises";
import { isIP } from "node:net";

/** The fetcher's address policy, as far as the crawler needs it. */
export interface AddressChecker {
  check(address: string): { allowed: boolean; addressClass?: string };
}

export class StartUrlBlockedError extends Error {
  override readonly name = "StartUrlBlockedError";
  readonly code = "BLOCKED_ADDRESS";
}

export interface UrlGuard {
  /** Refuses a start URL whose host is, or resolves to, an address the policy closes. */
  checkStartUrl(url: string): Promise<void>;
  /** For every request the browser makes: refuses IP-literal hosts the policy closes. */
  allowRequest(url: string): boolean;
}

function bareHost(url: URL): string {
  return url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
}

/**
 * Keeps crawls started from the API (any URL a client names) off private and metadata addresses,
 * with the same policy as the poster fetcher. Host names are resolved once up front; the browser
 * resolves them again, so a name that changes its answer in between is not caught (documented).
 */
export function createUrlGuard(policy: AddressChecker): UrlGuard {
  return {
    async checkStartUrl(raw) {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        throw new StartUrlBlockedError(`${JSON.stringify(raw)} is not a URL`);
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        throw new StartUrlBlockedError(`only http(s) URLs can be crawled, not ${url.protocol}`);
      }
      const host = bareHost(url);
      let addresses: string[];
      try {
        addresses = isIP(host)
          ? [host]
          : (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
      } catch (error) {
        throw new StartUrlBlockedError(`${host} does not resolve: ${(error as Error).message}`);
      }
      for (const address of addresses) {
        const verdict = policy.check(address);
        if (!verdict.allowed) {
          throw new StartUrlBlockedError(
            `${host} is ${address}, a ${verdict.addressClass ?? "closed"} address that crawls may not reach`,
          );
        }
      }
    },
    allowRequest(raw) {
      try {
        const host = bareHost(new URL(raw));
        return isIP(host) === 0 || policy.check(host).allowed;
      } catch {
        return false;
      }
    },
  };
}
