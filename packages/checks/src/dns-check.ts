import { Resolver } from "node:dns/promises";
import {
  type CheckErrorCode,
  type CheckResult,
  type DnsCheckConfig,
  type DnsRecordType,
  parseIPv4,
  parseIPv6,
  parseResolverAddress,
  systemClock,
} from "@pingpilot/domain";
import { vetAddress } from "./address-guard.ts";
import { formatDuration } from "./check-errors.ts";
import type { CheckOptions } from "./check-options.ts";
import { startDeadline } from "./deadline.ts";
import { describeCheckError } from "./describe-check-error.ts";

/** The answers of one query, as strings: addresses, names, "10 mx.example.com" for MX, joined TXT chunks. */
async function query(resolver: Resolver, hostname: string, type: DnsRecordType): Promise<string[]> {
  switch (type) {
    case "A":
      return resolver.resolve4(hostname);
    case "AAAA":
      return resolver.resolve6(hostname);
    case "CNAME":
      return resolver.resolveCname(hostname);
    case "NS":
      return resolver.resolveNs(hostname);
    case "MX":
      return (await resolver.resolveMx(hostname)).map((record) => `${record.priority} ${record.exchange}`);
    case "TXT":
      return (await resolver.resolveTxt(hostname)).map((chunks) => chunks.join(""));
  }
}

function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, "");
}

/** Whether one answer is the expected value: addresses by value, names case-insensitively, MX by exchange. */
export function dnsAnswerMatches(type: DnsRecordType, answer: string, expected: string): boolean {
  switch (type) {
    case "A":
      return parseIPv4(answer) !== undefined && parseIPv4(answer) === parseIPv4(expected.trim());
    case "AAAA": {
      const a = parseIPv6(answer);
      const b = parseIPv6(expected.trim());
      return a !== undefined && b !== undefined && a.every((group, index) => group === b[index]);
    }
    case "MX": {
      const [priority, exchange = ""] = answer.split(" ");
      const wanted = expected.trim().split(/\s+/);
      return wanted.length === 2
        ? wanted[0] === priority && normalizeName(wanted[1] ?? "") === normalizeName(exchange)
        : normalizeName(expected) === normalizeName(exchange);
    }
    case "TXT":
      return answer === expected;
    case "CNAME":
    case "NS":
      return normalizeName(answer) === normalizeName(expected);
  }
}

const DNS_FAILURES: Record<
  string,
  (type: DnsRecordType, hostname: string) => { reason: string; errorCode: CheckErrorCode }
> = {
  ENOTFOUND: (_type, hostname) => ({ reason: `domain ${hostname} not found (NXDOMAIN)`, errorCode: "dns" }),
  ENODATA: (type, hostname) => ({ reason: `no ${type} records for ${hostname}`, errorCode: "dns" }),
  ESERVFAIL: () => ({ reason: "resolver failed to answer (SERVFAIL)", errorCode: "dns" }),
  EREFUSED: () => ({ reason: "resolver refused the query", errorCode: "dns" }),
  ECONNREFUSED: () => ({ reason: "resolver refused the connection", errorCode: "dns" }),
  EBADRESP: () => ({ reason: "resolver sent a malformed answer", errorCode: "dns" }),
};

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 3)}...` : text;
}

/**
 * A DNS check: query the record type (through the monitor's resolver, vetted by the address rules,
 * or the system's), compare with the expected value when there is one. The resolver is given one
 * try with the whole timeout, and cancelled when the deadline passes.
 */
export async function dnsCheck(config: DnsCheckConfig, options: CheckOptions): Promise<CheckResult> {
  const checkedAt = (options.clock ?? systemClock).now();
  const deadline = startDeadline(config.timeoutMs, options.signal);
  const resolver = new Resolver({ timeout: config.timeoutMs, tries: 1 });
  const cancel = () => resolver.cancel();
  deadline.signal.addEventListener("abort", cancel, { once: true });
  const base = { httpStatus: null, certificate: null, checkedAt };
  const started = performance.now();
  try {
    if (config.resolver !== null) {
      const server = parseResolverAddress(config.resolver);
      if (!server) throw new Error(`invalid resolver ${config.resolver}`);
      vetAddress(server.host, options.addressPolicy);
      resolver.setServers([
        server.host.includes(":") ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`,
      ]);
    }
    const answers = await deadline.race(query(resolver, config.hostname, config.recordType));
    const responseTimeMs = Math.round(performance.now() - started);
    const shown = truncate(answers.join(", "), 200);
    if (
      config.expected !== null &&
      !answers.some((answer) => dnsAnswerMatches(config.recordType, answer, config.expected ?? ""))
    ) {
      const reason = truncate(`expected '${config.expected}', got '${shown}'`, 300);
      return { ...base, status: "down", reason, errorCode: "unexpected_answer", responseTimeMs };
    }
    return { ...base, status: "up", reason: `resolved ${shown}`, errorCode: null, responseTimeMs };
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const known = typeof code === "string" && !deadline.signal.aborted ? DNS_FAILURES[code] : undefined;
    const timedOut = code === "ETIMEOUT" && !deadline.signal.aborted;
    const failure = known
      ? known(config.recordType, config.hostname)
      : timedOut
        ? { reason: `timeout after ${formatDuration(config.timeoutMs)}`, errorCode: "timeout" as const }
        : describeCheckError(error, config.timeoutMs);
    return { ...base, status: "down", ...failure, responseTimeMs: null };
  } finally {
    deadline.signal.removeEventListener("abort", cancel);
    deadline.dispose();
  }
}
