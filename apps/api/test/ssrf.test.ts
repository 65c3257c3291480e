import { forbiddenUrls } from "@pingpilot/checks/testing";
import type { PingPilotClient } from "@pingpilot/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerUser } from "./auth-helpers.ts";
import { apiErrorOf, httpMonitorInput } from "./monitor-helpers.ts";
import { startTestApi, type TestApi } from "./test-server.ts";

/**
 * The SSRF rules on save, through the real API: every spelling of a private address and every special-use
 * name in the shared table is refused on its field, and nothing is stored. monitor-address-rules.test.ts
 * has the exact messages of the common cases; packages/checks/test/ssrf.test.ts the connect-time side.
 */

let strict: TestApi;
let selfHosted: TestApi;
let client: PingPilotClient;
let selfHostedClient: PingPilotClient;
beforeAll(async () => {
  const env = { RATE_LIMIT_REGISTER_PER_IP: "1000", RATE_LIMIT_WRITES_PER_MINUTE: "100000" };
  strict = await startTestApi({ env });
  selfHosted = await startTestApi({
    db: strict.db,
    env: { ...env, MONITOR_ADDRESS_ALLOWLIST: "127.0.0.1/32, *.internal, router.home.arpa" },
  });
  client = (await registerUser(strict)).client;
  selfHostedClient = (await registerUser(selfHosted)).client;
});
afterAll(async () => {
  await selfHosted.stop();
  await strict.stop();
});

const monitorCount = () => strict.db.models.Monitor.countDocuments();

describe("SSRF on save", () => {
  it.each(forbiddenUrls)("%s (%s) is refused on the url field", async (_spelling, url) => {
    const before = await monitorCount();
    const error = await apiErrorOf(client.monitor.create.mutate(httpMonitorInput({ url })));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.fieldErrors.url?.[0]).toMatch(/not allowed/);
    expect(await monitorCount()).toBe(before);
  });

  it("a userinfo trick (example.com@127.0.0.1) is refused as a URL with credentials", async () => {
    const error = await apiErrorOf(
      client.monitor.create.mutate(httpMonitorInput({ url: "http://example.com@127.0.0.1/" })),
    );
    expect(error.fieldErrors.url).toEqual(["must not contain credentials: send them in an Authorization header"]);
  });

  it("special-use names are refused as TCP hosts too, and so are numeric spellings of loopback", async () => {
    for (const host of ["api.localhost", "localhost.", "db.internal", "printer.local", "2130706433", "0177.0.0.1"]) {
      const error = await apiErrorOf(client.monitor.create.mutate({ type: "tcp", name: "t", host, port: 22 }));
      expect(error.fieldErrors.host?.[0], host).toMatch(/not allowed/);
    }
  });

  it("the refusal of a special-use name says how to allow it", async () => {
    const error = await apiErrorOf(client.monitor.create.mutate(httpMonitorInput({ url: "http://nas.local/" })));
    expect(error.fieldErrors.url).toEqual([
      "nas.local is a special-use name (.local), not a public host: not allowed unless MONITOR_ADDRESS_ALLOWLIST lists it (nas.local or *.local)",
    ]);
  });

  it("moving a monitor to a special-use name is refused too", async () => {
    const monitor = await client.monitor.create.mutate(httpMonitorInput({ name: "moving" }));
    const error = await apiErrorOf(
      client.monitor.update.mutate({ id: monitor.id, type: "http", url: "http://api.localhost:8080/" }),
    );
    expect(error.fieldErrors.url?.[0]).toMatch(/loopback name/);
    expect((await client.monitor.get.query({ id: monitor.id })).config).toEqual(monitor.config);
  });

  it("webhook channels follow the same rules", async () => {
    const error = await apiErrorOf(
      client.channel.create.mutate({ type: "webhook", name: "hook", url: "http://hooks.localhost/x" }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/not allowed/);
  });
});

describe("special-use names with MONITOR_ADDRESS_ALLOWLIST", () => {
  it("allows what the list names: a wildcard, an exact name, and *.localhost through a loopback entry", async () => {
    for (const url of [
      "http://db.internal/",
      "http://router.home.arpa/",
      "http://api.localhost:8080/",
      "http://localhost./",
    ]) {
      const created = await selfHostedClient.monitor.create.mutate(httpMonitorInput({ url }));
      expect(created.config, url).toMatchObject({ url });
    }
  });

  it("still refuses the special-use names it does not list", async () => {
    for (const url of ["http://printer.local/", "http://other.home.arpa/", "http://x.test/"]) {
      const error = await apiErrorOf(selfHostedClient.monitor.create.mutate(httpMonitorInput({ url })));
      expect(error.fieldErrors.url?.[0], url).toMatch(/not allowed unless MONITOR_ADDRESS_ALLOWLIST lists it/);
    }
  });
});
