import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import { PosterRejectedError } from "../../domain/errors.js";
import type { AddressPolicy } from "./address-policy.js";

export function blockedAddressError(
  host: string,
  address: string,
  addressClass: string,
): PosterRejectedError {
  const shown = host === address ? address : `${host} (${address})`;
  return new PosterRejectedError(
    "BLOCKED_ADDRESS",
    `Refusing to fetch from ${shown}: it is a ${describe(addressClass)} address`,
  );
}

function describe(addressClass: string): string {
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

/**
 * A `lookup` for net/http that resolves once and hands the socket only addresses the policy
 * allows, so the address checked is the address connected to (no DNS-rebinding window).
 */
export function createGuardedLookup(policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, resolved: LookupAddress[]) => {
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
