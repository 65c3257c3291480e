import { parseIPv4, parseIPv6 } from "@pingpilot/domain";
import type { AddressRefusal } from "./check-errors.ts";

type V4Rule = [base: string, prefix: number, refusal: AddressRefusal];

/** IANA special-purpose IPv4 ranges a monitor may not reach. The first match wins, so specific ones come first. */
const IPV4_RULES: readonly V4Rule[] = [
  ["169.254.169.254", 32, "cloud_metadata"], // AWS, GCP, Azure, OpenStack, DigitalOcean, ...
  ["169.254.170.2", 32, "cloud_metadata"], // AWS ECS task metadata
  ["100.100.100.200", 32, "cloud_metadata"], // Alibaba Cloud
  ["192.0.0.192", 32, "cloud_metadata"], // Oracle Cloud (legacy)
  ["0.0.0.0", 32, "unspecified"],
  ["0.0.0.0", 8, "reserved"], // "this network"
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "shared"], // carrier-grade NAT
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link_local"],
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "reserved"], // IETF protocol assignments
  ["192.0.2.0", 24, "reserved"], // documentation
  ["192.88.99.0", 24, "reserved"], // 6to4 relay anycast
  ["192.168.0.0", 16, "private"],
  ["198.18.0.0", 15, "reserved"], // benchmarking
  ["198.51.100.0", 24, "reserved"], // documentation
  ["203.0.113.0", 24, "reserved"], // documentation
  ["224.0.0.0", 4, "multicast"],
  ["255.255.255.255", 32, "broadcast"],
  ["240.0.0.0", 4, "reserved"],
];

const COMPILED_V4 = IPV4_RULES.map(([base, prefix, refusal]) => ({
  base: parseIPv4(base) ?? 0,
  mask: prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0,
  refusal,
}));

export function classifyIPv4(value: number): AddressRefusal | null {
  for (const rule of COMPILED_V4) {
    if ((value & rule.mask) >>> 0 === rule.base) return rule.refusal;
  }
  return null;
}

function embeddedIPv4(high: number, low: number): number {
  return ((high << 16) >>> 0) + low;
}

function classifyIPv6(groups: readonly number[]): AddressRefusal | null {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const firstFiveZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (firstFiveZero && g5 === 0 && g6 === 0 && g7 === 0) return "unspecified";
  if (firstFiveZero && g5 === 0 && g6 === 0 && g7 === 1) return "loopback";
  // IPv4-mapped (::ffff:a.b.c.d): judge the IPv4 inside.
  if (firstFiveZero && g5 === 0xffff) return classifyIPv4(embeddedIPv4(g6, g7));
  // IPv4-compatible (::a.b.c.d) is deprecated and never routable: refused, with the inner reason if any.
  if (firstFiveZero && g5 === 0) return classifyIPv4(embeddedIPv4(g6, g7)) ?? "reserved";
  // IPv4-translated (::ffff:0:a.b.c.d, SIIT).
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0xffff && g5 === 0)
    return classifyIPv4(embeddedIPv4(g6, g7));
  // NAT64 well-known prefix 64:ff9b::/96 carries an IPv4 address: judge it.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0)
    return classifyIPv4(embeddedIPv4(g6, g7));
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return "reserved"; // local-use NAT64 (64:ff9b:1::/48)
  // 6to4 (2002::/16) carries an IPv4 address in groups 1-2.
  if (g0 === 0x2002) return classifyIPv4(embeddedIPv4(g1, g2));
  if (g0 === 0xfd00 && g1 === 0x0ec2 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0 && g6 === 0 && g7 === 0x254) {
    return "cloud_metadata"; // AWS IMDS over IPv6
  }
  if ((g0 & 0xfe00) === 0xfc00) return "unique_local"; // fc00::/7
  if ((g0 & 0xffc0) === 0xfe80) return "link_local"; // fe80::/10
  if ((g0 & 0xffc0) === 0xfec0) return "private"; // fec0::/10, deprecated site-local
  if ((g0 & 0xff00) === 0xff00) return "multicast"; // ff00::/8
  if (g0 === 0x2001 && g1 === 0x0db8) return "reserved"; // documentation
  if (g0 === 0x2001 && g1 < 0x0200) return "reserved"; // 2001::/23 IETF assignments, Teredo (2001::/32) included
  if (g0 === 0x0100 && g1 === 0 && g2 === 0 && g3 === 0) return "reserved"; // discard-only 100::/64
  // Only 2000::/3 is allocated for global unicast: everything else is reserved.
  if ((g0 & 0xe000) !== 0x2000) return "reserved";
  return null;
}

/**
 * Why an IP address may not be monitored, or null when it is a public address. Handles every IPv6
 * form that embeds an IPv4 address (mapped, compatible, translated, NAT64, 6to4). Throws on a
 * string that is not an IP address.
 */
export function classifyAddress(address: string): AddressRefusal | null {
  const v4 = parseIPv4(address);
  if (v4 !== undefined) return classifyIPv4(v4);
  const v6 = parseIPv6(address);
  if (v6 !== undefined) return classifyIPv6(v6);
  throw new TypeError(`not an IP address: ${address}`);
}
