import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import { PosterRejectedError } from "../../domain/errors.js";
import type { AddressPolicy } from "./address-policy.js";

/** A host the address policy closes; the message names the host, `addressClass` says what kind of address. */
export class BlockedAddressError extends PosterRejectedError {
  constructor(
    readonly host: string,
    readonly addressClass: string,
    message: string,
  ) {
    super("BLOCKED_ADDRESS", message);
  }
}

/**
 * The refusal a client sees names the host it gave and the kind of address, never the address a
 * name resolved to: that would map the internal network for whoever asks.
 */
export function blockedAddressError(
  host: string,
  _resolved: string,
  addressClass: string,
): BlockedAddressError {
  const is = isIP(host.replace(/^\[(.*)\]$/, "$1")) === 0 ? "resolves to" : "is";
  return new BlockedAddressError(
    host,
    addressClass,
    `Refusing to fetch from ${host}: it ${is} a ${describeAddressClass(addressClass)} address`,
  );
}

export function describeAddressClass(addressClass: string): string {
  switch (addressClass) {
    case "cloudMetadata":
      return "cloud metadata";
    case "linkLocal":
      return "link-local";
    case "carrierGradeNat":
      return "carrier-grade NAT";
    case "invalid":
      return "unrecognised";
    default:
      return addressClass;
  }
}

/** How a host name becomes addresses: the system resolver, or a fixed map in tests. */
export type ResolveHostname = (
  hostname: string,
  options: LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

const systemResolver: ResolveHostname = (hostname, options, callback) =>
  dnsLookup(hostname, options, callback);

/**
 * A `lookup` for net/http that resolves once and hands the socket only addresses the policy
 * allows, so the address checked is the address connected to (no DNS-rebinding window).
 */
export function createGuardedLookup(
  policy: AddressPolicy,
  resolve: ResolveHostname = systemResolver,
): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, resolved) => {
      if (err) {
        callback(err, "", 0);
        return;
      }
      const allowed: LookupAddress[] = [];
      let refused: { address: string; addressClass: string } | undefined;
      for (const entry of resolved) {
        const verdict = policy.check(entry.address);
        if (verdict.allowed) allowed.push(entry);
        else refused ??= { address: entry.address, addressClass: verdict.addressClass };
      }
      const first = allowed[0];
      if (!first) {
        const error = refused
          ? blockedAddressError(hostname, refused.address, refused.addressClass)
          : Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
        callback(error, "", 0);
        return;
      }
      if (options.all) callback(null, allowed);
      else callback(null, first.address, first.family);
    });
  };
}
