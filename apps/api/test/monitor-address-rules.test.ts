import type { PingPilotClient } from "@pingpilot/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerUser } from "./auth-helpers.ts";
import { apiErrorOf, httpMonitorInput, publicIp } from "./monitor-helpers.ts";
import { startTestApi, type TestApi } from "./test-server.ts";

let strict: TestApi;
let selfHosted: TestApi;
let client: PingPilotClient;
let selfHostedClient: PingPilotClient;
beforeAll(async () => {
  strict = await startTestApi({ env: { RATE_LIMIT_REGISTER_PER_IP: "1000" } });
  // A self-hoster allowing their own network: loopback exactly, 10/8, and (trying) the whole link-local range.
  selfHosted = await startTestApi({
    db: strict.db,
    env: { RATE_LIMIT_REGISTER_PER_IP: "1000", MONITOR_ADDRESS_ALLOWLIST: "127.0.0.1/32, 10.0.0.0/8, 169.254.0.0/16" },
  });
  client = (await registerUser(strict)).client;
  selfHostedClient = (await registerUser(selfHosted)).client;
});
afterAll(async () => {
  await selfHosted.stop();
  await strict.stop();
});

async function urlError(url: string, api: PingPilotClient = client): Promise<string | undefined> {
  const error = await apiErrorOf(api.monitor.create.mutate(httpMonitorInput({ url })));
  expect(error.code).toBe("BAD_REQUEST");
  return error.fieldErrors.url?.[0];
}

describe("address rules when saving a monitor (SSRF)", () => {
  it("loopback, private, link-local, multicast and cloud-metadata targets are refused on the url field", async () => {
    expect(await urlError("http://127.0.0.1:8080/admin")).toContain(
      "127.0.0.1 is a loopback address: not allowed unless MONITOR_ADDRESS_ALLOWLIST",
    );
    expect(await urlError("http://[::1]/")).toContain(
      "::1 is a loopback address: not allowed unless MONITOR_ADDRESS_ALLOWLIST",
    );
    expect(await urlError("http://10.1.2.3/")).toContain(
      "10.1.2.3 is a private address: not allowed unless MONITOR_ADDRESS_ALLOWLIST",
    );
    expect(await urlError("https://192.168.0.10/")).toContain(
      "192.168.0.10 is a private address: not allowed unless MONITOR_ADDRESS_ALLOWLIST",
    );
    expect(await urlError("http://172.20.0.1/")).toContain(
      "172.20.0.1 is a private address: not allowed unless MONITOR_ADDRESS_ALLOWLIST",
    );
    expect(await urlError("http://169.254.10.1/")).toContain(
      "169.254.10.1 is a link-local address: not allowed unless MONITOR_ADDRESS_ALLOWLIST",
    );
    expect(await urlError("http://[fe80::1]/")).toContain(
      "fe80::1 is a link-local address: not allowed unless MONITOR_ADDRESS_ALLOWLIST",
    );
    expect(await urlError("http://224.0.0.1/")).toContain(
      "224.0.0.1 is a multicast address: not allowed unless MONITOR_ADDRESS_ALLOWLIST",
    );
    expect(await urlError("http://169.254.169.254/latest/meta-data/")).toContain(
      "169.254.169.254 is a cloud metadata address: not allowed unless MONITOR_ADDRESS_ALLOWLIST",
    );
    expect(await urlError("http://metadata.google.internal/computeMetadata/v1/")).toContain(
      "metadata.google.internal is a cloud metadata host: not allowed, and no MONITOR_ADDRESS_ALLOWLIST",
    );
    expect(await strict.db.models.Monitor.countDocuments()).toBe(0);
  });

  it("localhost is refused as a loopback name without resolving it, saying how to allow it", async () => {
    expect(await urlError("http://localhost:3000/")).toBe(
      "localhost is a loopback name, not a public host: not allowed unless MONITOR_ADDRESS_ALLOWLIST lists it (localhost or 127.0.0.1/32)",
    );
  });

  it("IPv4-mapped IPv6 and other spellings of loopback are recognised", async () => {
    expect(await urlError("http://[::ffff:127.0.0.1]/")).toContain(
      "::ffff:7f00:1 is a loopback address: not allowed unless MONITOR_ADDRESS_ALLOWLIST",
    );
    expect(await urlError("http://[::ffff:7f00:1]/")).toContain(
      "::ffff:7f00:1 is a loopback address: not allowed unless MONITOR_ADDRESS_ALLOWLIST",
    );
    expect(await urlError("http://[::ffff:a9fe:a9fe]/")).toContain(
      "::ffff:a9fe:a9fe is a cloud metadata address: not allowed unless MONITOR_ADDRESS_ALLOWLIST",
    );
    // WHATWG URL parsing turns these into 127.0.0.1 before anything else sees them.
    expect(await urlError("http://2130706433/")).toContain(
      "127.0.0.1 is a loopback address: not allowed unless MONITOR_ADDRESS_ALLOWLIST",
    );
    expect(await urlError("http://0x7f.1/")).toContain(
      "127.0.0.1 is a loopback address: not allowed unless MONITOR_ADDRESS_ALLOWLIST",
    );
  });

  it("TCP hosts and DNS resolvers follow the same rules, with the error on their own field", async () => {
    const tcp = await apiErrorOf(
      client.monitor.create.mutate({ type: "tcp", name: "db", host: "::ffff:10.0.0.7", port: 5432 }),
    );
    expect(tcp.fieldErrors.host).toEqual([
      expect.stringContaining("::ffff:10.0.0.7 is a private address: not allowed unless MONITOR_ADDRESS_ALLOWLIST"),
    ]);
    const dns = await apiErrorOf(
      client.monitor.create.mutate({ type: "dns", name: "dns", hostname: "example.com", resolver: "127.0.0.53:53" }),
    );
    expect(dns.fieldErrors.resolver).toEqual([
      expect.stringContaining("127.0.0.53 is a loopback address: not allowed unless MONITOR_ADDRESS_ALLOWLIST"),
    ]);
  });

  it("public addresses are accepted, and so is a name that does not resolve yet (it is vetted again at every check)", async () => {
    expect((await client.monitor.create.mutate(httpMonitorInput({ url: `https://${publicIp}/` }))).status).toBe(
      "pending",
    );
    const tcp = await client.monitor.create.mutate({ type: "tcp", name: "smtp", host: publicIp, port: 25 });
    expect(tcp.config).toMatchObject({ host: publicIp, port: 25 });
    // (Not under .invalid or another special-use domain: those are refused by name, see ssrf.test.ts.)
    const later = await client.monitor.create.mutate(
      httpMonitorInput({ url: "https://status.not-yet-live.example.com/" }),
    );
    expect(later.config).toMatchObject({ url: "https://status.not-yet-live.example.com/" });
  });

  it("moving an existing monitor to a forbidden target is refused too; the monitor keeps its old target", async () => {
    const monitor = await client.monitor.create.mutate(httpMonitorInput({ name: "moving" }));
    const error = await apiErrorOf(
      client.monitor.update.mutate({ id: monitor.id, type: "http", url: "http://[::ffff:7f00:1]:6379/" }),
    );
    expect(error.fieldErrors.url).toEqual([
      expect.stringContaining("::ffff:7f00:1 is a loopback address: not allowed unless MONITOR_ADDRESS_ALLOWLIST"),
    ]);
    expect((await client.monitor.get.query({ id: monitor.id })).config).toEqual(monitor.config);
  });
});

describe("MONITOR_ADDRESS_ALLOWLIST", () => {
  it("allows the listed addresses and ranges, including names resolving into them, and nothing else", async () => {
    for (const url of ["http://127.0.0.1:8080/", "http://localhost:8080/", "http://10.20.30.40/"]) {
      const created = await selfHostedClient.monitor.create.mutate(httpMonitorInput({ url }));
      expect(created.config).toMatchObject({ url });
    }
    expect(await urlError("http://127.0.0.2/", selfHostedClient)).toContain(
      "127.0.0.2 is a loopback address: not allowed unless MONITOR_ADDRESS_ALLOWLIST",
    );
    expect(await urlError("http://192.168.1.1/", selfHostedClient)).toContain(
      "192.168.1.1 is a private address: not allowed unless MONITOR_ADDRESS_ALLOWLIST",
    );
    // An IPv4 entry covers the IPv4-mapped IPv6 spellings of the same address: they reach the same host.
    for (const url of ["http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]:8080/"]) {
      expect((await selfHostedClient.monitor.create.mutate(httpMonitorInput({ url }))).status).toBe("pending");
    }
    expect(await urlError("http://[::ffff:7f00:2]/", selfHostedClient)).toContain(
      "::ffff:7f00:2 is a loopback address: not allowed unless MONITOR_ADDRESS_ALLOWLIST",
    );
  });

  it("a range never unlocks a cloud-metadata address: that needs the exact address in the list", async () => {
    const linkLocal = await selfHostedClient.monitor.create.mutate(httpMonitorInput({ url: "http://169.254.1.1/" }));
    expect(linkLocal.status).toBe("pending");
    expect(await urlError("http://169.254.169.254/", selfHostedClient)).toContain(
      "169.254.169.254 is a cloud metadata address: not allowed unless MONITOR_ADDRESS_ALLOWLIST",
    );
  });
});
