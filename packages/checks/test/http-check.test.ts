import { httpCheckConfigSchema } from "@pingpilot/domain";
import { describe, expect, it } from "vitest";
import { createAddressPolicy } from "../src/address-policy.ts";
import { runCheck } from "../src/run-check.ts";
import { loopbackAddressPolicy } from "../src/testing/index.ts";
import { useHttpTargets } from "./support/http-targets.ts";

const options = { addressPolicy: loopbackAddressPolicy() };
const server = await useHttpTargets();
const http = server.httpCheck;

describe("HTTP check", () => {
  it("is up for an accepted status, with the status and a response time", async () => {
    const result = await runCheck(http("/ok"), options);
    expect(result).toMatchObject({
      status: "up",
      httpStatus: 200,
      reason: "status 200",
      errorCode: null,
      certificate: null,
    });
    expect(result.responseTimeMs).toEqual(expect.any(Number));
    expect(result.checkedAt).toBeInstanceOf(Date);
  });

  it("is down for a status outside the accepted ones, saying which were expected", async () => {
    expect(await runCheck(http("/unavailable"), options)).toMatchObject({
      status: "down",
      httpStatus: 503,
      reason: "status 503, expected 200-299",
      errorCode: "status",
    });
    expect(await runCheck(http("/unavailable", { acceptedStatusCodes: ["200-299", "503"] }), options)).toMatchObject({
      status: "up",
    });
  });

  it("sends the monitor's method, headers and body, with a default user agent", async () => {
    server.received.length = 0;
    const result = await runCheck(
      http("/echo", { method: "POST", headers: { "X-Token": "abc" }, body: "ping" }),
      options,
    );
    expect(result.status).toBe("up");
    expect(server.received[0]).toMatchObject({
      method: "POST",
      body: "ping",
      headers: { "x-token": "abc", "user-agent": "PingPilot/0.1 (uptime check)" },
    });
  });

  it("checks that a keyword appears, ignoring case unless asked", async () => {
    expect(await runCheck(http("/ok", { keyword: { value: "systems ok" } }), options)).toMatchObject({ status: "up" });
    expect(
      await runCheck(http("/ok", { keyword: { value: "systems ok", caseSensitive: true } }), options),
    ).toMatchObject({
      status: "down",
      reason: "keyword 'systems ok' not found",
      errorCode: "keyword",
    });
    expect(await runCheck(http("/ok", { keyword: { value: "OK", mode: "not_contains" } }), options)).toMatchObject({
      status: "down",
      reason: "keyword 'OK' found",
    });
  });

  it("checks JSON assertions and names the first one that fails", async () => {
    const passing = [
      { path: "data.items[0].status", op: "eq", value: "up" },
      { path: "data.count", op: "gt", value: 2 },
      { path: "data.items[0].load", op: "lt", value: 1 },
    ];
    expect(await runCheck(http("/json", { jsonAssertions: passing }), options)).toMatchObject({ status: "up" });
    const failing = [...passing, { path: "data.count", op: "eq", value: 4 }];
    expect(await runCheck(http("/json", { jsonAssertions: failing }), options)).toMatchObject({
      status: "down",
      reason: "JSON data.count is 3, expected 4",
      errorCode: "json",
    });
    expect(await runCheck(http("/not-json", { jsonAssertions: passing }), options)).toMatchObject({
      reason: "response is not valid JSON",
    });
  });

  it("follows redirects and judges the final response", async () => {
    expect(await runCheck(http("/redirect"), options)).toMatchObject({ status: "up", httpStatus: 200 });
    expect(await runCheck(http("/redirect", { followRedirects: false }), options)).toMatchObject({
      status: "down",
      reason: "status 302, expected 200-299",
    });
    expect(
      await runCheck(http("/post-redirect", { method: "POST", body: "x", keyword: { value: "GET" } }), options),
    ).toMatchObject({
      status: "up",
    });
  });

  it("stops a redirect loop at the redirect limit", async () => {
    expect(await runCheck(http("/loop", { maxRedirects: 3 }), options)).toMatchObject({
      status: "down",
      reason: "too many redirects (more than 3)",
      errorCode: "too_many_redirects",
    });
  });

  it("refuses a redirect to a cloud metadata address before connecting to it", async () => {
    expect(await runCheck(http("/to-metadata"), options)).toMatchObject({
      status: "down",
      reason: "169.254.169.254 is a cloud metadata address: not allowed",
      errorCode: "address_not_allowed",
    });
  });

  it("vets every redirect hop's host name too", async () => {
    const rebinding = createAddressPolicy({
      allow: ["127.0.0.1/32"],
      lookup: async () => [{ address: "10.0.0.7", family: 4 }],
    });
    expect(await runCheck(http("/to-private-name"), { addressPolicy: rebinding })).toMatchObject({
      status: "down",
      reason: "rebind.test resolves to 10.0.0.7, a private address: not allowed",
    });
  });

  it("connects to the address it vetted, not to a second DNS answer", async () => {
    const answers = [[{ address: "127.0.0.1", family: 4 as const }], [{ address: "10.0.0.7", family: 4 as const }]];
    const rebindingPolicy = createAddressPolicy({
      allow: ["127.0.0.1/32"],
      lookup: async () => answers.shift() ?? [],
    });
    const result = await runCheck(
      httpCheckConfigSchema.parse({
        type: "http",
        url: `http://rebind.test:${server.port}/ok`,
        keyword: { value: "OK" },
      }),
      { addressPolicy: rebindingPolicy },
    );
    expect(result).toMatchObject({ status: "up", httpStatus: 200 });
    expect(answers).toHaveLength(1); // resolved exactly once, for the one connection it made
  });

  it("refuses a private target without sending anything", async () => {
    expect(
      await runCheck(httpCheckConfigSchema.parse({ type: "http", url: "http://10.0.0.1/" }), options),
    ).toMatchObject({
      status: "down",
      errorCode: "address_not_allowed",
    });
    expect(
      await runCheck(httpCheckConfigSchema.parse({ type: "http", url: "http://[::ffff:7f00:2]/" }), options),
    ).toMatchObject({
      reason: "::ffff:7f00:2 is a loopback address: not allowed",
    });
  });
});
