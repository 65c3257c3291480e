import { dnsCheckConfigSchema } from "@pingpilot/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCheck } from "../src/run-check.ts";
import { loopbackAddressPolicy } from "../src/testing/index.ts";
import { type RunningDnsServer, startDnsServer } from "./support/dns-server.ts";

const addressPolicy = loopbackAddressPolicy();
let dns: RunningDnsServer;

beforeAll(async () => {
  dns = await startDnsServer({
    A: { "www.test.example": ["192.0.2.10", "192.0.2.11"], "silent.test.example": [] },
    TXT: { "www.test.example": ["v=spf1 -all", "verification=abc123"] },
  });
  dns.silent.add("silent.test.example");
});
afterAll(async () => dns.close());

function dnsConfig(extra: Record<string, unknown>) {
  return dnsCheckConfigSchema.parse({ type: "dns", hostname: "www.test.example", resolver: dns.address, ...extra });
}

describe("DNS check", () => {
  it("is up when the name resolves, listing the answers", async () => {
    const result = await runCheck(dnsConfig({}), { addressPolicy });
    expect(result).toMatchObject({ status: "up", reason: "resolved 192.0.2.10, 192.0.2.11", errorCode: null });
    expect(result.responseTimeMs).toEqual(expect.any(Number));
  });

  it("is up when one answer is the expected value, and down when none is", async () => {
    expect(await runCheck(dnsConfig({ expected: "192.0.2.11" }), { addressPolicy })).toMatchObject({ status: "up" });
    expect(await runCheck(dnsConfig({ expected: "192.0.2.99" }), { addressPolicy })).toMatchObject({
      status: "down",
      reason: "expected '192.0.2.99', got '192.0.2.10, 192.0.2.11'",
      errorCode: "unexpected_answer",
    });
  });

  it("compares TXT records", async () => {
    expect(
      await runCheck(dnsConfig({ recordType: "TXT", expected: "verification=abc123" }), { addressPolicy }),
    ).toMatchObject({
      status: "up",
    });
    expect(
      await runCheck(dnsConfig({ recordType: "TXT", expected: "verification=zzz" }), { addressPolicy }),
    ).toMatchObject({
      status: "down",
    });
  });

  it("is down for a name that does not exist", async () => {
    expect(await runCheck(dnsConfig({ hostname: "nope.test.example" }), { addressPolicy })).toMatchObject({
      status: "down",
      reason: "domain nope.test.example not found (NXDOMAIN)",
      errorCode: "dns",
    });
  });

  it("times out when the resolver never answers", async () => {
    expect(
      await runCheck(dnsConfig({ hostname: "silent.test.example", timeoutMs: 1_000 }), { addressPolicy }),
    ).toMatchObject({
      status: "down",
      reason: "timeout after 1 s",
      errorCode: "timeout",
    });
  });

  it("refuses a resolver on a private address without sending a query", async () => {
    const before = dns.queries.length;
    expect(await runCheck(dnsConfig({ resolver: "10.0.0.53" }), { addressPolicy })).toMatchObject({
      status: "down",
      reason: "10.0.0.53 is a private address: not allowed",
      errorCode: "address_not_allowed",
    });
    expect(dns.queries.length).toBe(before);
  });
});
