import { z } from "zod";
import { timeoutMsSchema } from "./http-monitor.ts";
import { ipVersion } from "./ip-address.ts";
import { MONITOR_LIMITS } from "./monitor-limits.ts";
import { singleLineText } from "./text-fields.ts";

/** A DNS name or an IP literal (IPv6 without brackets). */
export const hostSchema = singleLineText({ max: MONITOR_LIMITS.hostnameMaxLength, trim: true })
  .min(1)
  .refine(
    (host) => ipVersion(host) !== 0 || z.hostname().safeParse(host).success,
    "must be a hostname or an IP address",
  );

/** The TCP-specific part of a monitor: connect to host:port within the timeout. */
export const tcpCheckConfigSchema = z.object({
  type: z.literal("tcp"),
  host: hostSchema,
  port: z.number().int().min(1).max(65_535),
  timeoutMs: timeoutMsSchema.default(5_000),
});
export type TcpCheckConfig = z.output<typeof tcpCheckConfigSchema>;

export const dnsRecordTypes = ["A", "AAAA", "CNAME", "MX", "TXT", "NS"] as const;
export type DnsRecordType = (typeof dnsRecordTypes)[number];

export interface ResolverAddress {
  host: string;
  port: number;
}

/**
 * Parses a resolver given as `IP`, `IPv4:port` or `[IPv6]:port`. Returns undefined when the value is
 * not one of those: a resolver is never a hostname (it would need a resolver of its own).
 */
export function parseResolverAddress(value: string): ResolverAddress | undefined {
  if (ipVersion(value) !== 0) return { host: value, port: 53 };
  const match = /^\[([^\]]+)\]:(\d{1,5})$/.exec(value) ?? /^([^:]+):(\d{1,5})$/.exec(value);
  if (!match?.[1] || !match[2]) return undefined;
  const port = Number(match[2]);
  if (ipVersion(match[1]) === 0 || port < 1 || port > 65_535) return undefined;
  return { host: match[1], port };
}

/** The DNS-specific part of a monitor: resolve the name, optionally expect a value among the answers. */
export const dnsCheckConfigSchema = z.object({
  type: z.literal("dns"),
  hostname: singleLineText({ max: MONITOR_LIMITS.hostnameMaxLength, trim: true }).pipe(
    z.hostname("must be a hostname"),
  ),
  recordType: z.enum(dnsRecordTypes).default("A"),
  /** Up only when one of the answers equals this (case-insensitive for names; MX compares the exchange). */
  expected: singleLineText({ max: MONITOR_LIMITS.dnsExpectedMaxLength, trim: true }).min(1).nullable().default(null),
  /** `IP`, `IP:port` or `[IPv6]:port`; null uses the system's resolvers. */
  resolver: singleLineText({ max: 64, trim: true })
    .refine((value) => parseResolverAddress(value) !== undefined, "must be an IP address, optionally with :port")
    .nullable()
    .default(null),
  timeoutMs: timeoutMsSchema.default(5_000),
});
export type DnsCheckConfig = z.output<typeof dnsCheckConfigSchema>;
