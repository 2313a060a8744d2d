import { isIP } from "node:net";
import { type BlockedAddressError, describeAddressClass } from "../../adapters/fetch/guarded-lookup.js";

/** Something the fence refused, told without the address the host resolved to. */
export interface FenceRefusal {
  /** What was asked for: the URL, or `host:port` for a tunnel (https, wss). */
  target: string;
  /** The kind of address, e.g. `loopback` or `cloudMetadata`. */
  addressClass: string;
  reason: string;
}

export function refusalOf(target: string, error: BlockedAddressError): FenceRefusal {
  const is = isIP(error.host) === 0 ? "resolves to" : "is";
  const kind = describeAddressClass(error.addressClass);
  return {
    target,
    addressClass: error.addressClass,
    reason: `refused by the crawl's address policy: ${error.host} ${is} a ${kind} address`,
  };
}
