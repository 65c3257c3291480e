import { httpCheckConfigSchema, MONITOR_LIMITS, tcpCheckConfigSchema } from "@pingpilot/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCheck } from "../src/run-check.ts";
import { loopbackAddressPolicy } from "../src/testing/index.ts";
import { generateTestCertificates, type TestCertificates } from "./support/certificates.ts";
import { type HttpTargets, startHttpTargets, TEN_MEGABYTES } from "./support/http-targets.ts";
import { peakMemoryOf } from "./support/memory-peak.ts";
import { type RunningServer, startHttpsServer, startTcpServer } from "./support/servers.ts";

// The fault suite's hostile targets, beside what http-check-resilience and https-check already cover
// (a hanging server, trickled headers and body, an endless body, refused and reset connections).
const addressPolicy = loopbackAddressPolicy();
let targets: HttpTargets;
/** Accepts TCP connections and never sends a byte: neither an HTTP status line nor a TLS ServerHello. */
let silent: RunningServer;
let certificates: TestCertificates;
const tls: Record<string, RunningServer> = {};

beforeAll(async () => {
  targets = await startHttpTargets();
  silent = await startTcpServer((socket) => {
    socket.on("error", () => undefined);
  });
  certificates = await generateTestCertificates();
  const hello = (_request: unknown, response: { end(body: string): void }) => response.end("secure hello");
  tls.expired = await startHttpsServer(hello, certificates.expired);
  tls.selfSigned = await startHttpsServer(hello, certificates.selfSigned);
  tls.expiringSoon = await startHttpsServer(hello, certificates.expiringSoon);
});
afterAll(async () => {
  await Promise.all([targets.close(), silent.close(), ...Object.values(tls).map((server) => server.close())]);
});

function http(url: string, extra: Record<string, unknown> = {}) {
  return httpCheckConfigSchema.parse({ type: "http", url, ...extra });
}

const DAY_MS = 86_400_000;

describe("hostile targets: bodies", () => {
  it("a 10 MB body with a keyword to find buffers at most the 1 MiB read cap", async () => {
    const { result, peakBytes } = await peakMemoryOf(() =>
      runCheck(http(`${targets.origin}/ten-megabytes`, { keyword: { value: "needle" } }), { addressPolicy }),
    );
    expect(result).toMatchObject({
      status: "down",
      httpStatus: 200,
      errorCode: "keyword",
      reason: "keyword 'needle' not found in the first 1 MiB",
    });
    // Measured here: about 5-6.5 MB with the cap (the chunks, their joined copy, the decoded text, its
    // lower-cased copy, transport garbage), about 44 MB when the whole body is read.
    expect(peakBytes).toBeLessThan(TEN_MEGABYTES);
  });

  it("a 10 MB body that nothing needs is not read at all, and the check is up", async () => {
    const { result, peakBytes } = await peakMemoryOf(() =>
      runCheck(http(`${targets.origin}/ten-megabytes`), { addressPolicy }),
    );
    expect(result).toMatchObject({ status: "up", httpStatus: 200, errorCode: null, reason: "status 200" });
    expect(peakBytes).toBeLessThan(2 * MONITOR_LIMITS.responseBodyCapBytes);
  });

  it("a connection reset in the middle of the body is a reset, not a missing keyword", async () => {
    expect(
      await runCheck(http(`${targets.origin}/reset-mid-body`, { keyword: { value: "never sent" } }), { addressPolicy }),
    ).toMatchObject({
      status: "down",
      httpStatus: 200,
      errorCode: "connection_reset",
      reason: expect.stringMatching(/^connection (reset|closed) by the server$/),
    });
  });
});

describe("hostile targets: redirects", () => {
  it("follows a chain as long as the limit allows, and stops one hop longer at the limit", async () => {
    expect(await runCheck(http(`${targets.origin}/chain/10`, { maxRedirects: 10 }), { addressPolicy })).toMatchObject({
      status: "up",
      httpStatus: 200,
      errorCode: null,
    });
    expect(await runCheck(http(`${targets.origin}/chain/11`, { maxRedirects: 10 }), { addressPolicy })).toMatchObject({
      status: "down",
      httpStatus: null,
      errorCode: "too_many_redirects",
      reason: "too many redirects (more than 10)",
    });
  });

  it("a redirect loop ends at the default limit of 5", async () => {
    const before = targets.received.length;
    expect(await runCheck(http(`${targets.origin}/loop`), { addressPolicy })).toMatchObject({
      status: "down",
      errorCode: "too_many_redirects",
      reason: "too many redirects (more than 5)",
    });
    // The first request and five redirects: never a sixth hop.
    expect(targets.received.length - before).toBe(6);
  });
});

describe("hostile targets: connections that are accepted and then held", () => {
  it("a TCP check of a port that accepts and never speaks is up: the port is open", async () => {
    const config = tcpCheckConfigSchema.parse({ type: "tcp", host: "127.0.0.1", port: silent.port, timeoutMs: 1_000 });
    expect(await runCheck(config, { addressPolicy })).toMatchObject({
      status: "up",
      errorCode: null,
      reason: `connected to port ${silent.port}`,
    });
  });

  it("an HTTP check of a port that accepts and never answers ends at its timeout", async () => {
    expect(
      await runCheck(http(`http://127.0.0.1:${silent.port}/`, { timeoutMs: 1_000 }), { addressPolicy }),
    ).toMatchObject({ status: "down", httpStatus: null, errorCode: "timeout", reason: "timeout after 1 s" });
  });

  it("an HTTPS check of a server that accepts TCP and never handshakes ends at its timeout", async () => {
    expect(
      await runCheck(http(`https://127.0.0.1:${silent.port}/`, { timeoutMs: 1_500 }), { addressPolicy }),
    ).toMatchObject({
      status: "down",
      httpStatus: null,
      certificate: null,
      errorCode: "timeout",
      reason: "timeout after 1.5 s",
    });
  });
});

describe("hostile targets: certificates, with the expiry figure kept", () => {
  it("an expired certificate is down and its past expiry date is reported", async () => {
    const result = await runCheck(http(`${tls.expired?.origin}/`), {
      addressPolicy,
      trustedCertificates: [certificates.ca],
    });
    expect(result).toMatchObject({ status: "down", errorCode: "certificate_expired", reason: "certificate expired" });
    const expiresAt = result.certificate?.expiresAt.getTime() ?? Number.NaN;
    // -days -1: it ended about a day before it was issued (a few seconds ago).
    expect(Math.round((expiresAt - Date.now()) / DAY_MS)).toBe(-1);
  });

  it("a self-signed certificate is down, and its expiry (30 days) is still reported", async () => {
    const result = await runCheck(http(`${tls.selfSigned?.origin}/`), { addressPolicy });
    expect(result).toMatchObject({
      status: "down",
      errorCode: "tls",
      reason: "self-signed certificate",
      certificate: { subject: "CN=self-signed", issuer: "CN=self-signed" },
    });
    const daysLeft = ((result.certificate?.expiresAt.getTime() ?? 0) - Date.now()) / DAY_MS;
    expect(Math.round(daysLeft)).toBe(30);
  });

  it("a soon-expiring certificate is degraded, its reason naming the same date the figure holds", async () => {
    const result = await runCheck(http(`${tls.expiringSoon?.origin}/`), {
      addressPolicy,
      trustedCertificates: [certificates.ca],
    });
    const expiresAt = result.certificate?.expiresAt ?? new Date(Number.NaN);
    expect(result).toMatchObject({ status: "degraded", httpStatus: 200, errorCode: "certificate_expiring" });
    expect(result.reason).toBe(`certificate expires in 4 days (${expiresAt.toISOString().slice(0, 10)})`);
    expect(Math.round((expiresAt.getTime() - Date.now()) / DAY_MS)).toBe(5);
  });
});
