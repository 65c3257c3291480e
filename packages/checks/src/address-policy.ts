import { lookup as systemLookup } from "node:dns/promises";
import { InvalidInputError, ipVersion, parseIPv4, parseIPv6 } from "@pingpilot/domain";

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has (like `dns.lookup` with `all: true`). */
export type LookupAll = (hostname: string) => Promise<ResolvedAddress[]>;

export interface AddressPolicyOptions {
  /**
   * What self-hosters allow despite the rules: CIDRs (`10.0.0.0/8`, `127.0.0.1/32`, `fd00::/8`), bare
   * IPs, host names (`status.internal`) and wildcards (`*.corp.example`). Cloud-metadata addresses
   * are only allowed by an exact entry (`169.254.169.254/32`), never by a wider range or a host name.
   */
  allow?: readonly string[];
  /** How host names are resolved; the system resolver by default. Tests inject their own. */
  lookup?: LookupAll;
}

export interface AddressPolicy {
  isHostAllowListed(host: string): boolean;
  /** Whether the allow-list has any CIDR or IP entry (special-use names can only be allowed through one). */
  hasAddressEntries: boolean;
  /** `exact`: the allow-list names this very address (a /32 or /128), which metadata addresses need. */
  allowListMatch(address: string): "none" | "range" | "exact";
  lookup: LookupAll;
}

interface Cidr {
  version: 4 | 6;
  bits: bigint;
  prefix: number;
}

/**
 * An address as bits. An IPv4-mapped IPv6 address (`::ffff:127.0.0.1`, `[::ffff:7f00:1]`) is the IPv4
 * address it maps — a socket connecting to it reaches that IPv4 host — so entries and targets match
 * whichever way either is spelled.
 */
function addressBits(address: string): { version: 4 | 6; bits: bigint; mapped: boolean } | undefined {
  const v4 = parseIPv4(address);
  if (v4 !== undefined) return { version: 4, bits: BigInt(v4), mapped: false };
  const v6 = parseIPv6(address);
  if (v6 === undefined) return undefined;
  const bits = v6.reduce((sum, group) => (sum << 16n) | BigInt(group), 0n);
  if (bits >> 32n === 0xffffn) return { version: 4, bits: bits & 0xffffffffn, mapped: true };
  return { version: 6, bits, mapped: false };
}

function parseCidr(entry: string): Cidr | undefined {
  const [address = "", prefixText] = entry.split("/");
  const parsed = addressBits(address);
  if (!parsed) return undefined;
  const width = parsed.mapped || parsed.version === 6 ? 128 : 32;
  const written = prefixText === undefined ? width : Number(prefixText);
  // A mapped entry (::ffff:10.0.0.0/104) covers the IPv4 range it maps (10.0.0.0/8).
  const prefix = parsed.mapped ? written - 96 : written;
  if (
    !Number.isInteger(written) ||
    prefix < 0 ||
    written > width ||
    (prefixText !== undefined && !/^\d+$/.test(prefixText))
  ) {
    return undefined;
  }
  return { version: parsed.version, bits: parsed.bits, prefix };
}

function cidrContains(cidr: Cidr, address: { version: 4 | 6; bits: bigint }): boolean {
  if (cidr.version !== address.version) return false;
  const shift = BigInt((cidr.version === 4 ? 32 : 128) - cidr.prefix);
  return cidr.bits >> shift === address.bits >> shift;
}

const HOST_ENTRY = /^(\*\.)?([a-z0-9-]+\.)*[a-z0-9-]+$/;

async function defaultLookup(hostname: string): Promise<ResolvedAddress[]> {
  const answers = await systemLookup(hostname, { all: true, order: "ipv4first" });
  return answers.map((answer) => ({ address: answer.address, family: answer.family === 6 ? 6 : 4 }));
}

/** Builds the address policy once (at start-up, from config). Throws InvalidInputError naming a bad entry. */
export function createAddressPolicy(options: AddressPolicyOptions = {}): AddressPolicy {
  const cidrs: Cidr[] = [];
  const hosts = new Set<string>();
  const suffixes: string[] = [];
  for (const raw of options.allow ?? []) {
    const entry = raw.trim().toLowerCase();
    if (entry === "") continue;
    const cidr = ipVersion(entry.split("/")[0] ?? "") !== 0 ? parseCidr(entry) : undefined;
    if (cidr) cidrs.push(cidr);
    else if (!entry.includes("/") && HOST_ENTRY.test(entry)) {
      if (entry.startsWith("*.")) suffixes.push(entry.slice(1));
      else hosts.add(entry);
    } else throw new InvalidInputError(`allow-list entry "${raw}" is neither a CIDR, an IP nor a host name`, "allow");
  }
  return {
    lookup: options.lookup ?? defaultLookup,
    hasAddressEntries: cidrs.length > 0,
    isHostAllowListed(host) {
      const name = host.toLowerCase().replace(/\.$/, "");
      return hosts.has(name) || suffixes.some((suffix) => name.endsWith(suffix));
    },
    allowListMatch(address) {
      const parsed = addressBits(address);
      if (!parsed) return "none";
      const match = cidrs.find(
        (cidr) => cidrContains(cidr, parsed) && cidr.prefix === (parsed.version === 4 ? 32 : 128),
      );
      if (match) return "exact";
      return cidrs.some((cidr) => cidrContains(cidr, parsed)) ? "range" : "none";
    },
  };
}
