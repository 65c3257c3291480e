import { httpCheckConfigSchema, manualClock } from "@pingpilot/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCheck } from "../src/run-check.ts";
import { loopbackAddressPolicy } from "../src/testing/index.ts";
import { generateTestCertificates, type TestCertificates } from "./support/certificates.ts";
import { type RunningServer, startHttpServer, startHttpsServer } from "./support/servers.ts";

const addressPolicy = loopbackAddressPolicy();
let certificates: TestCertificates;
const servers: Record<string, RunningServer> = {};

beforeAll(async () => {
  certificates = await generateTestCertificates();
  const hello = (_request: unknown, response: { end(body: string): void }) => response.end("secure hello");
  servers.valid = await startHttpsServer(hello, certificates.valid);
  servers.expiringSoon = await startHttpsServer(hello, certificates.expiringSoon);
  servers.expired = await startHttpsServer(hello, certificates.expired);
  servers.otherHost = await startHttpsServer(hello, certificates.otherHost);
  servers.selfSigned = await startHttpsServer(hello, certificates.selfSigned);
  servers.plain = await startHttpServer((_request, response) => response.end("not TLS"));
});
afterAll(async () => {
  await Promise.all(Object.values(servers).map((server) => server.close()));
});

function https(server: RunningServer | undefined, extra: Record<string, unknown> = {}) {
  const port = server?.port ?? 0;
  return httpCheckConfigSchema.parse({ type: "http", url: `https://127.0.0.1:${port}/`, timeoutMs: 5_000, ...extra });
}

describe("HTTPS check", () => {
  it("is up with a trusted certificate and reports its expiry, issuer and subject", async () => {
    const result = await runCheck(https(servers.valid), { addressPolicy, trustedCertificates: [certificates.ca] });
    expect(result).toMatchObject({ status: "up", httpStatus: 200, reason: "status 200" });
    expect(result.certificate).toMatchObject({ issuer: "CN=Ping Pilot Test CA", subject: "CN=valid" });
    const daysLeft = ((result.certificate?.expiresAt.getTime() ?? 0) - Date.now()) / 86_400_000;
    expect(Math.round(daysLeft)).toBe(90);
  });

  it("is degraded when the certificate expires within the warning days", async () => {
    const result = await runCheck(https(servers.expiringSoon), {
      addressPolicy,
      trustedCertificates: [certificates.ca],
    });
    expect(result).toMatchObject({ status: "degraded", httpStatus: 200, errorCode: "certificate_expiring" });
    expect(result.reason).toMatch(/^certificate expires in 4 days \(\d{4}-\d{2}-\d{2}\)$/);
    expect(
      await runCheck(https(servers.expiringSoon, { tlsExpiryWarningDays: 3 }), {
        addressPolicy,
        trustedCertificates: [certificates.ca],
      }),
    ).toMatchObject({
      status: "up",
    });
  });

  it("uses the injected clock for the expiry warning", async () => {
    const inTwoMonths = manualClock(new Date(Date.now() + 80 * 86_400_000));
    const result = await runCheck(https(servers.valid), {
      addressPolicy,
      trustedCertificates: [certificates.ca],
      clock: inTwoMonths,
    });
    expect(result).toMatchObject({ status: "degraded" });
    expect(result.reason).toMatch(/^certificate expires in (9|10) days/);
  });

  it("is down for an expired certificate, which it still reports", async () => {
    const result = await runCheck(https(servers.expired), { addressPolicy, trustedCertificates: [certificates.ca] });
    expect(result).toMatchObject({
      status: "down",
      reason: "certificate expired",
      errorCode: "certificate_expired",
      httpStatus: null,
    });
    expect(result.certificate?.expiresAt.getTime()).toBeLessThan(Date.now());
  });

  it("is down for an untrusted issuer, a self-signed certificate or another host's certificate", async () => {
    expect(await runCheck(https(servers.valid), { addressPolicy })).toMatchObject({
      status: "down",
      reason: "certificate not trusted (unknown issuer)",
      errorCode: "tls",
    });
    expect(await runCheck(https(servers.selfSigned), { addressPolicy })).toMatchObject({
      reason: "self-signed certificate",
    });
    expect(
      await runCheck(https(servers.otherHost), { addressPolicy, trustedCertificates: [certificates.ca] }),
    ).toMatchObject({
      reason: "certificate does not match the host name",
    });
  });

  it("ignores certificate errors when asked, but still warns about expiry", async () => {
    expect(await runCheck(https(servers.selfSigned, { ignoreTlsErrors: true }), { addressPolicy })).toMatchObject({
      status: "up",
      certificate: { subject: "CN=self-signed" },
    });
    const expired = await runCheck(https(servers.expired, { ignoreTlsErrors: true }), { addressPolicy });
    expect(expired).toMatchObject({ status: "degraded", errorCode: "certificate_expired" });
    expect(expired.reason).toMatch(/^certificate expired on \d{4}-\d{2}-\d{2}$/);
  });

  it("is down with a TLS error when the server does not speak TLS", async () => {
    expect(await runCheck(https(servers.plain), { addressPolicy })).toMatchObject({
      status: "down",
      reason: "TLS handshake failed",
      errorCode: "tls",
    });
  });
});
