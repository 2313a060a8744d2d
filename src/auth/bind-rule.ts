import ipaddr from "ipaddr.js";
import { ConfigError } from "../config-error.js";
import type { AccessControl } from "./access-control.js";

export const OPEN_ACCESS_NOTICE = "open access on loopback — configure API_KEYS before exposing this server";

/** localhost, 127.0.0.0/8, ::1 (and IPv4-mapped loopback). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (bare === "localhost" || bare.endsWith(".localhost")) return true;
  if (!ipaddr.isValid(bare)) return false;
  const address = ipaddr.process(bare);
  return address.range() === "loopback";
}

/**
 * The secure default: without API keys the server may only bind a loopback address, and says
 * so; binding anything else without keys refuses to start. Returns the notice to print, if any.
 */
export function checkBindAddress(host: string, access: AccessControl): { notice?: string } {
  if (!access.openAccess) return {};
  if (!isLoopbackHost(host)) {
    throw new ConfigError([
      `HOST=${host}: without API keys the server only binds a loopback address (127.0.0.1, ::1, localhost); ` +
        "configure API_KEYS or API_KEYS_FILE (make keys with `posterguard keys create`) to listen on " +
        host,
    ]);
  }
  return { notice: OPEN_ACCESS_NOTICE };
}

/** A deployment with no bind address (Lambda behind an API) must have keys. */
export function requireKeys(access: AccessControl, where: string): void {
  if (access.openAccess) {
    throw new ConfigError([`${where}: API_KEYS or API_KEYS_FILE is required; it would be open to anyone`]);
  }
}
