import ipaddr from "ipaddr.js";

export type AddressClass =
  | "public"
  | "loopback"
  | "private"
  | "linkLocal"
  | "cloudMetadata"
  | "unspecified"
  | "carrierGradeNat"
  | "multicast"
  | "broadcast"
  | "reserved"
  | "invalid";

type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * Instance metadata and container credential endpoints: closed whatever FETCH_ALLOW_PRIVATE and
 * FETCH_ALLOWED_CIDRS say, since a poster URL pointed at one would hand out cloud credentials.
 */
const CLOUD_METADATA: readonly IpAddress[] = [
  // AWS, GCP, Azure, OpenStack … instance metadata (IMDS), and its IPv6 form on EC2.
  ipaddr.parse("169.254.169.254"),
  ipaddr.parse("fd00:ec2::254"),
  // ECS task metadata and credentials.
  ipaddr.parse("169.254.170.2"),
  // EKS Pod Identity agent, IPv4 and IPv6.
  ipaddr.parse("169.254.170.23"),
  ipaddr.parse("fd00:ec2::23"),
  // Alibaba Cloud instance metadata.
  ipaddr.parse("100.100.100.200"),
];
const IPV6_GLOBAL_UNICAST = ipaddr.parseCIDR("2000::/3");

/** Ranges that `allowPrivate` opens; metadata, multicast and broadcast stay closed regardless. */
const OPENED_BY_ALLOW_PRIVATE: ReadonlySet<AddressClass> = new Set<AddressClass>([
  "loopback",
  "private",
  "linkLocal",
  "unspecified",
  "carrierGradeNat",
  "reserved",
]);

function parseAddress(address: string): IpAddress | undefined {
  const bare = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  if (!ipaddr.isValid(bare)) return undefined;
  return ipaddr.parse(bare.includes(":") && bare.includes(".") ? canonicalIpv6(bare) : bare);
}

/** ipaddr.js reads `::127.0.0.1` as `::ffff:127.0.0.1`; the WHATWG parser, like the network stack, does not. */
function canonicalIpv6(address: string): string {
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return address;
  }
}

function ipv4FromParts(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

/**
 * IPv6 forms that carry an IPv4 address inside (mapped, SIIT, NAT64 well-known prefix, 6to4)
 * are judged by that IPv4 address, so `::ffff:127.0.0.1` is loopback.
 */
function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const p = address.parts;
  switch (address.range()) {
    case "ipv4Mapped":
    case "rfc6145":
      return ipv4FromParts(p[6] ?? 0, p[7] ?? 0);
    case "rfc6052":
      // Only the /96 well-known prefix embeds the address in the last 32 bits; 64:ff9b:1::/48 is local use.
      return p[2] === 0 ? ipv4FromParts(p[6] ?? 0, p[7] ?? 0) : undefined;
    case "6to4":
      return ipv4FromParts(p[1] ?? 0, p[2] ?? 0);
    default:
      return undefined;
  }
}

function classifyIpv4(address: ipaddr.IPv4): AddressClass {
  if (CLOUD_METADATA.some((m) => m.kind() === "ipv4" && address.match(m, 32))) return "cloudMetadata";
  switch (address.range()) {
    case "unicast":
      return "public";
    case "unspecified":
      return "unspecified";
    case "broadcast":
      return "broadcast";
    case "multicast":
      return "multicast";
    case "linkLocal":
      return "linkLocal";
    case "loopback":
      return "loopback";
    case "carrierGradeNat":
      return "carrierGradeNat";
    case "private":
      return "private";
    default:
      return "reserved";
  }
}

function classifyIpv6(address: ipaddr.IPv6): AddressClass {
  if (CLOUD_METADATA.some((m) => m.kind() === "ipv6" && address.match(m, 128))) return "cloudMetadata";
  const range: string = address.range();
  if (range === "rfc6052" && address.parts[2] !== 0) return "private";
  const inner = embeddedIpv4(address);
  if (inner) return classifyIpv4(inner);
  switch (range) {
    case "unicast":
      // ipaddr.js calls every unlisted address "unicast"; only 2000::/3 is actually global (so ::7f00:1 is not).
      return address.match(IPV6_GLOBAL_UNICAST) ? "public" : "reserved";
    case "unspecified":
      return "unspecified";
    case "loopback":
      return "loopback";
    case "linkLocal":
      return "linkLocal";
    case "multicast":
      return "multicast";
    case "uniqueLocal":
    case "deprecatedSiteLocal":
      return "private";
    default:
      return "reserved";
  }
}

/** What kind of network an IP address (v4 or v6, brackets allowed) belongs to. */
export function classifyAddress(address: string): AddressClass {
  const parsed = parseAddress(address);
  if (!parsed) return "invalid";
  return parsed.kind() === "ipv4" ? classifyIpv4(parsed as ipaddr.IPv4) : classifyIpv6(parsed as ipaddr.IPv6);
}

export type AddressVerdict = { allowed: true } | { allowed: false; addressClass: AddressClass };

export interface AddressPolicy {
  check(address: string): AddressVerdict;
}

export interface AddressPolicyOptions {
  /** Open loopback, private, link-local, CGNAT, unspecified and reserved ranges. */
  allowPrivate: boolean;
  /** Ranges allowed whatever their class but cloud metadata, e.g. an internal CDN: `["10.20.0.0/16"]`. */
  allowedCidrs: readonly string[];
}

type Cidr = [IpAddress, number];

/** A v4-mapped IPv6 CIDR (`::ffff:10.0.0.0/104`) is the same range as its IPv4 form. */
function parseCidr(text: string): Cidr {
  if (!ipaddr.isValidCIDR(text)) throw new Error(`Invalid CIDR in allowed address ranges: "${text}"`);
  const [address, bits] = ipaddr.parseCIDR(text);
  if (address.kind() === "ipv6" && bits >= 96 && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    return [(address as ipaddr.IPv6).toIPv4Address(), bits - 96];
  }
  return [address, bits];
}

function normalize(address: IpAddress): IpAddress {
  if (address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    return (address as ipaddr.IPv6).toIPv4Address();
  }
  return address;
}

export function createAddressPolicy(options: AddressPolicyOptions): AddressPolicy {
  const cidrs = options.allowedCidrs.map(parseCidr);
  const inAllowList = (address: IpAddress): boolean =>
    cidrs.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits));

  return {
    check(address) {
      const parsed = parseAddress(address);
      if (!parsed) return { allowed: false, addressClass: "invalid" };
      const addressClass = classifyAddress(address);
      // Metadata and credential endpoints first: no setting opens them.
      if (addressClass === "cloudMetadata") return { allowed: false, addressClass };
      if (inAllowList(normalize(parsed))) return { allowed: true };
      if (addressClass === "public") return { allowed: true };
      if (options.allowPrivate && OPENED_BY_ALLOW_PRIVATE.has(addressClass)) return { allowed: true };
      return { allowed: false, addressClass };
    },
  };
}
