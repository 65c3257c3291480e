import { httpCheckConfigSchema, tcpCheckConfigSchema } from "@pingpilot/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveVettedAddresses } from "../src/address-guard.ts";
import { createAddressPolicy, type LookupAll, type ResolvedAddress } from "../src/address-policy.ts";
import { runCheck } from "../src/run-check.ts";
import { forbiddenUrls } from "../src/testing/index.ts";
import { type RunningServer, startHttpServer } from "./support/servers.ts";

/** Connect-time refusals (the scheduler's side of the SSRF rules): the same guard as on save, before every connection. */

const neverAsked: LookupAll = async (hostname) => {
  throw new Error(`the guard must not resolve ${hostname}`);
};

function answers(...addresses: string[]): ResolvedAddress[] {
  return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
}

let target: RunningServer;
let hits: string[];
beforeAll(async () => {
  hits = [];
  target = await startHttpServer((request, response) => {
    hits.push(request.url ?? "");
    const to = new URL(request.url ?? "/", "http://x").searchParams.get("to");
    if (to) response.writeHead(302, { location: to }).end();
    else response.end("ok");
  });
});
afterAll(async () => target.close());

/** A check of `url` as stored, not re-validated: the engine must refuse it even if it got past the save rules. */
function http(url: string) {
  return { ...httpCheckConfigSchema.parse({ type: "http", url: "https://example.com/", timeoutMs: 2_000 }), url };
}

describe("SSRF at connect time", () => {
  // A lookup that answers loopback for every name: names must be refused by what they are, or by that answer.
  const strict = createAddressPolicy({ lookup: async () => answers("127.0.0.1") });

  it.each(forbiddenUrls)("%s (%s) is refused before anything is sent", async (_spelling, url) => {
    const result = await runCheck(http(url), { addressPolicy: strict });
    expect(result).toMatchObject({ status: "down", errorCode: "address_not_allowed" });
    expect(result.reason).toMatch(/not allowed/);
  });

  it("*.localhost and other special-use names are refused without asking the resolver", async () => {
    const policy = createAddressPolicy({ lookup: neverAsked });
    for (const url of ["http://api.localhost/", "http://localhost./", "http://printer.local/", "http://db.internal/"]) {
      const result = await runCheck(http(url), { addressPolicy: policy });
      expect(result, url).toMatchObject({ status: "down", errorCode: "address_not_allowed" });
      expect(result.reason, url).toMatch(/MONITOR_ADDRESS_ALLOWLIST/);
    }
  });

  it("a *.localhost name allowed through a loopback entry goes to loopback, never to DNS", async () => {
    const policy = createAddressPolicy({ allow: ["127.0.0.1/32"], lookup: neverAsked });
    const result = await runCheck(http(`http://api.localhost:${target.port}/pinned`), { addressPolicy: policy });
    expect(result).toMatchObject({ status: "up", httpStatus: 200 });
    expect(hits).toContain("/pinned");
  });

  it("a userinfo trick (example.com@127.0.0.1) stored around the save rules reaches nothing", async () => {
    const before = hits.length;
    const result = await runCheck(http(`http://example.com@127.0.0.1:${target.port}/`), { addressPolicy: strict });
    expect(result.status).toBe("down");
    expect(hits.length).toBe(before);
  });

  it("a name with several addresses, one of them private, is refused", async () => {
    const mixed = createAddressPolicy({ lookup: async () => answers("93.184.215.14", "10.0.0.8") });
    expect(await runCheck(http("http://mixed.example.com/"), { addressPolicy: mixed })).toMatchObject({
      status: "down",
      reason: "mixed.example.com resolves to 10.0.0.8, a private address: not allowed",
    });
    const tcp = tcpCheckConfigSchema.parse({ type: "tcp", host: "mixed.example.com", port: 25 });
    expect(await runCheck(tcp, { addressPolicy: mixed })).toMatchObject({ errorCode: "address_not_allowed" });
  });

  it("a name re-pointed to loopback after it was saved is refused when the check connects", async () => {
    const dns: ResolvedAddress[][] = [answers("93.184.215.14"), answers("127.0.0.1")];
    const repointed = createAddressPolicy({ lookup: async () => dns.shift() ?? [] });
    await expect(resolveVettedAddresses("status.example.com", repointed)).resolves.toHaveLength(1); // on save
    const before = hits.length;
    const result = await runCheck(http(`http://status.example.com:${target.port}/`), { addressPolicy: repointed });
    expect(result).toMatchObject({
      status: "down",
      reason: "status.example.com resolves to 127.0.0.1, a loopback address: not allowed",
    });
    expect(hits.length).toBe(before);
  });

  it("a redirect to a private address, in any spelling, is refused before it is followed", async () => {
    // The first hop is the loopback target itself, so only it is allowed. Names answer a public address:
    // a special-use name is refused all the same.
    const policy = createAddressPolicy({ allow: ["127.0.0.1/32"], lookup: async () => answers("93.184.215.14") });
    for (const to of [
      "http://10.0.0.1/",
      "http://127.0.0.2/",
      "http://[::ffff:a9fe:a9fe]/",
      "http://0x7f.2/",
      "http://[64:ff9b::a00:1]/",
      "http://printer.local/",
    ]) {
      const result = await runCheck(http(`${target.origin}/?to=${encodeURIComponent(to)}`), { addressPolicy: policy });
      expect(result, to).toMatchObject({ status: "down", errorCode: "address_not_allowed" });
    }
  });

  it("decimal and octal spellings of loopback as a TCP host are refused (the system resolver reads them as numbers)", async () => {
    const system = createAddressPolicy();
    for (const host of ["2130706433", "0177.0.0.1", "0x7f.1", "api.localhost"]) {
      const tcp = tcpCheckConfigSchema.parse({ type: "tcp", host, port: target.port });
      expect(await runCheck(tcp, { addressPolicy: system }), host).toMatchObject({
        status: "down",
        errorCode: "address_not_allowed",
      });
    }
  });
});
