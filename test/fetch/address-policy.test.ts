import { describe, expect, it } from "vitest";
import {
  type AddressClass,
  classifyAddress,
  createAddressPolicy,
} from "../../src/adapters/fetch/address-policy.js";

describe("classifyAddress", () => {
  it.each<[string, AddressClass]>([
    ["8.8.8.8", "public"],
    ["93.184.216.34", "public"],
    ["2606:4700:4700::1111", "public"],
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["::1", "loopback"],
    ["[::1]", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["172.32.0.1", "public"],
    ["192.168.1.1", "private"],
    ["fc00::1", "private"],
    ["fd12:3456::1", "private"],
    ["169.254.1.1", "linkLocal"],
    ["fe80::1", "linkLocal"],
    ["169.254.169.254", "cloudMetadata"],
    ["fd00:ec2::254", "cloudMetadata"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["100.64.0.1", "carrierGradeNat"],
    ["100.127.255.255", "carrierGradeNat"],
    ["100.128.0.1", "public"],
    ["224.0.0.1", "multicast"],
    ["ff02::1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["240.0.0.1", "reserved"],
    ["192.0.2.10", "reserved"],
    ["2001:db8::1", "reserved"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:169.254.169.254", "cloudMetadata"],
    ["::ffff:8.8.8.8", "public"],
    ["::ffff:0:127.0.0.1", "loopback"],
    ["64:ff9b::127.0.0.1", "loopback"],
    ["64:ff9b::8.8.8.8", "public"],
    ["64:ff9b:1::1", "private"],
    ["2002:7f00:1::", "loopback"],
    ["2002:0808:0808::", "public"],
    ["::127.0.0.1", "reserved"],
    ["2001::1", "reserved"],
    ["example.com", "invalid"],
    ["", "invalid"],
  ])("%s is %s", (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });
});

describe("createAddressPolicy", () => {
  const strict = createAddressPolicy({ allowPrivate: false, allowedCidrs: [] });
  const open = createAddressPolicy({ allowPrivate: true, allowedCidrs: [] });
  const withCdn = createAddressPolicy({
    allowPrivate: false,
    allowedCidrs: ["127.0.0.2/32", "10.20.0.0/16"],
  });

  it("allows public addresses and refuses internal ones by default", () => {
    expect(strict.check("8.8.8.8")).toEqual({ allowed: true });
    expect(strict.check("127.0.0.1")).toEqual({ allowed: false, addressClass: "loopback" });
    expect(strict.check("::ffff:192.168.0.1")).toEqual({ allowed: false, addressClass: "private" });
  });

  it("opens internal ranges with allowPrivate but keeps metadata, multicast and broadcast closed", () => {
    for (const address of [
      "127.0.0.1",
      "::1",
      "10.0.0.1",
      "169.254.1.1",
      "100.64.0.1",
      "0.0.0.0",
      "fd00::1",
    ]) {
      expect(open.check(address), address).toEqual({ allowed: true });
    }
    for (const address of ["169.254.169.254", "fd00:ec2::254", "224.0.0.1", "255.255.255.255", "nonsense"]) {
      expect(open.check(address).allowed, address).toBe(false);
    }
  });

  it("allows exactly the listed CIDRs, in IPv4 and IPv4-mapped form", () => {
    expect(withCdn.check("127.0.0.2")).toEqual({ allowed: true });
    expect(withCdn.check("::ffff:127.0.0.2")).toEqual({ allowed: true });
    expect(withCdn.check("10.20.30.40")).toEqual({ allowed: true });
    expect(withCdn.check("127.0.0.1").allowed).toBe(false);
    expect(withCdn.check("10.21.0.1").allowed).toBe(false);
  });

  it("accepts an IPv4-mapped CIDR as its IPv4 range", () => {
    const policy = createAddressPolicy({ allowPrivate: false, allowedCidrs: ["::ffff:10.0.0.0/104"] });

    expect(policy.check("10.9.9.9")).toEqual({ allowed: true });
    expect(policy.check("11.0.0.1")).toEqual({ allowed: true });
    expect(policy.check("192.168.0.1").allowed).toBe(false);
  });

  it("keeps metadata and container-credential addresses closed whatever the settings", () => {
    const wideOpen = createAddressPolicy({
      allowPrivate: true,
      allowedCidrs: ["0.0.0.0/0", "::/0", "169.254.0.0/16", "100.64.0.0/10", "fd00::/8", "::ffff:0.0.0.0/96"],
    });
    const exact = createAddressPolicy({
      allowPrivate: true,
      allowedCidrs: ["169.254.169.254/32", "169.254.170.2/32", "169.254.170.23/32", "100.100.100.200/32"],
    });
    for (const address of [
      "169.254.169.254",
      "169.254.170.2",
      "169.254.170.23",
      "100.100.100.200",
      "fd00:ec2::254",
      "fd00:ec2::23",
      "[fd00:ec2::23]",
      "::ffff:169.254.169.254",
      "::ffff:a9fe:a9fe",
      "::ffff:169.254.170.2",
      "::ffff:100.100.100.200",
      "64:ff9b::169.254.169.254",
    ]) {
      expect(wideOpen.check(address), address).toEqual({ allowed: false, addressClass: "cloudMetadata" });
      expect(exact.check(address).allowed, address).toBe(false);
      expect(classifyAddress(address), address).toBe("cloudMetadata");
    }
    // Their neighbours are ordinary link-local or CGNAT addresses, which the settings do open.
    expect(wideOpen.check("169.254.170.3")).toEqual({ allowed: true });
    expect(wideOpen.check("100.100.100.201")).toEqual({ allowed: true });
  });

  it("rejects a malformed CIDR at construction", () => {
    expect(() => createAddressPolicy({ allowPrivate: false, allowedCidrs: ["10.0.0.0/33"] })).toThrow(/CIDR/);
  });
});
