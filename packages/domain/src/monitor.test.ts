import { describe, expect, it } from "vitest";
import { InvalidInputError } from "./errors.ts";
import {
  createMonitorInputSchema,
  type MonitorConfig,
  mergeMonitorUpdate,
  monitorTargetHost,
  updateMonitorInputSchema,
} from "./monitor.ts";

function issuesOf(input: unknown): Record<string, string[]> {
  const result = createMonitorInputSchema.safeParse(input);
  if (result.success) return {};
  const byPath: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join(".");
    byPath[key] = [...(byPath[key] ?? []), issue.message];
  }
  return byPath;
}

const http = { type: "http", name: "Home page", url: "https://example.com/" };

describe("monitor configuration", () => {
  it("fills sensible defaults for a minimal HTTP monitor", () => {
    const config = createMonitorInputSchema.parse(http);
    expect(config).toMatchObject({
      type: "http",
      method: "GET",
      intervalSeconds: 60,
      timeoutMs: 10_000,
      followRedirects: true,
      maxRedirects: 5,
      acceptedStatusCodes: ["200-299"],
      keyword: null,
      jsonAssertions: [],
      tlsExpiryWarningDays: 14,
      ignoreTlsErrors: false,
      retriesBeforeIncident: 2,
      successesBeforeResolve: 1,
      paused: false,
      tags: [],
    });
  });

  it("accepts every type with its own fields", () => {
    expect(createMonitorInputSchema.parse({ type: "tcp", name: "db", host: "::1", port: 5432 }).type).toBe("tcp");
    const dns = createMonitorInputSchema.parse({
      type: "dns",
      name: "dns",
      hostname: "example.com",
      recordType: "TXT",
      resolver: "127.0.0.1:5353",
    });
    expect(dns).toMatchObject({ recordType: "TXT", resolver: "127.0.0.1:5353", expected: null });
    const heartbeat = createMonitorInputSchema.parse({
      type: "heartbeat",
      name: "nightly backup",
      schedule: { kind: "cron", expression: "0 3 * * *", timezone: "Europe/Paris" },
    });
    expect(heartbeat).toMatchObject({ graceSeconds: 300, schedule: { timezone: "Europe/Paris" } });
  });

  it("an interval below the minimum blames only the interval, not the timeout the caller never sent", () => {
    expect(issuesOf({ ...http, intervalSeconds: 5 })).toEqual({
      intervalSeconds: [expect.stringMatching(/20/)],
    });
  });

  it("refuses non-HTTP URLs and URLs with credentials", () => {
    expect(issuesOf({ ...http, url: "ftp://example.com/" }).url).toBeDefined();
    expect(issuesOf({ ...http, url: "https://user:secret@example.com/" }).url?.[0]).toMatch(/credentials/);
  });

  it("names the field and the rule for out-of-bounds values", () => {
    expect(issuesOf({ ...http, intervalSeconds: 19 }).intervalSeconds).toBeDefined();
    expect(issuesOf({ ...http, intervalSeconds: 86_401 }).intervalSeconds).toBeDefined();
    expect(issuesOf({ ...http, retriesBeforeIncident: 0 }).retriesBeforeIncident).toBeDefined();
    expect(issuesOf({ ...http, maxRedirects: 11 }).maxRedirects).toBeDefined();
    expect(issuesOf({ ...http, tags: ["a", "a"] }).tags).toEqual(["tags must be unique"]);
    expect(issuesOf({ ...http, channelIds: ["nope"] })["channelIds.0"]).toBeDefined();
  });

  it("refuses a timeout longer than the interval", () => {
    expect(issuesOf({ ...http, intervalSeconds: 30, timeoutMs: 45_000 }).timeoutMs).toEqual([
      "must not be longer than the interval",
    ]);
  });

  it("refuses header injection, reserved headers and too many headers", () => {
    expect(issuesOf({ ...http, headers: { "X-Evil": "a\r\nHost: other" } })["headers.X-Evil"]).toBeDefined();
    expect(issuesOf({ ...http, headers: { Host: "other.example" } })["headers.Host"]?.[0]).toMatch(
      /cannot be overridden/,
    );
    const many = Object.fromEntries(Array.from({ length: 31 }, (_, index) => [`x-h${index}`, "v"]));
    expect(issuesOf({ ...http, headers: many }).headers?.[0]).toMatch(/at most 30 headers/);
    expect(
      issuesOf({
        ...http,
        headers: { "x-big": "v".repeat(4_000), "x-big2": "v".repeat(4_000), "x-big3": "v".repeat(400) },
      }).headers?.[0],
    ).toMatch(/larger than 8192 bytes/);
  });

  it("validates status code rules", () => {
    expect(createMonitorInputSchema.parse({ ...http, acceptedStatusCodes: ["200-299", "301"] })).toBeTruthy();
    expect(issuesOf({ ...http, acceptedStatusCodes: ["2xx"] })["acceptedStatusCodes.0"]).toBeDefined();
    expect(issuesOf({ ...http, acceptedStatusCodes: ["299-200"] })["acceptedStatusCodes.0"]).toBeDefined();
    expect(issuesOf({ ...http, acceptedStatusCodes: ["600"] })["acceptedStatusCodes.0"]).toBeDefined();
    expect(issuesOf({ ...http, acceptedStatusCodes: [] }).acceptedStatusCodes).toBeDefined();
  });

  it("refuses a body on GET and assertions on HEAD", () => {
    expect(issuesOf({ ...http, body: "x" }).body?.[0]).toMatch(/GET request cannot have a body/);
    expect(createMonitorInputSchema.parse({ ...http, method: "POST", body: "{}" })).toMatchObject({ body: "{}" });
    expect(issuesOf({ ...http, method: "HEAD", keyword: { value: "OK" } }).method?.[0]).toMatch(/HEAD responses/);
  });

  it("validates JSON assertion paths and operands", () => {
    const ok = createMonitorInputSchema.parse({
      ...http,
      jsonAssertions: [
        { path: "data.items[0].status", op: "eq", value: "up" },
        { path: "count", op: "gt", value: 3 },
        { path: "meta", op: "exists" },
      ],
    });
    expect(ok.type === "http" && ok.jsonAssertions).toHaveLength(3);
    expect(
      issuesOf({ ...http, jsonAssertions: [{ path: "a..b", op: "exists" }] })["jsonAssertions.0.path"],
    ).toBeDefined();
    expect(
      issuesOf({ ...http, jsonAssertions: [{ path: "a", op: "lt", value: "3" }] })["jsonAssertions.0.value"],
    ).toEqual(['"lt" needs a number to compare with']);
    expect(issuesOf({ ...http, jsonAssertions: [{ path: "a", op: "eq" }] })["jsonAssertions.0.value"]).toBeDefined();
  });

  it("validates heartbeat cron expressions and time zones", () => {
    const heartbeat = { type: "heartbeat", name: "job" };
    expect(
      issuesOf({ ...heartbeat, schedule: { kind: "cron", expression: "61 * * * *" } })["schedule.expression"],
    ).toBeDefined();
    expect(
      issuesOf({ ...heartbeat, schedule: { kind: "cron", expression: "* * * * * *" } })["schedule.expression"]?.[0],
    ).toMatch(/five fields/);
    expect(
      issuesOf({ ...heartbeat, schedule: { kind: "cron", expression: "0 3 * * *", timezone: "Mars/Olympus" } })[
        "schedule.timezone"
      ],
    ).toBeDefined();
    expect(
      issuesOf({ ...heartbeat, schedule: { kind: "period", periodSeconds: 30 } })["schedule.periodSeconds"],
    ).toBeDefined();
    expect(
      createMonitorInputSchema.parse({ ...heartbeat, schedule: { kind: "cron", expression: "@daily" } }),
    ).toBeTruthy();
  });

  it("accepts resolvers as IP or IP:port only", () => {
    const dns = { type: "dns", name: "dns", hostname: "example.com" };
    expect(createMonitorInputSchema.parse({ ...dns, resolver: "[::1]:5353" })).toBeTruthy();
    expect(createMonitorInputSchema.parse({ ...dns, resolver: "9.9.9.9" })).toBeTruthy();
    expect(issuesOf({ ...dns, resolver: "dns.google" }).resolver).toBeDefined();
    expect(issuesOf({ ...dns, resolver: "1.2.3.4:70000" }).resolver).toBeDefined();
    expect(issuesOf({ ...dns, hostname: "not a host" }).hostname).toBeDefined();
  });
});

describe("monitor updates", () => {
  const current = createMonitorInputSchema.parse({
    ...http,
    intervalSeconds: 300,
    maxRedirects: 2,
    keyword: { value: "OK" },
  }) as MonitorConfig;

  it("changes only the fields sent, without resetting others to defaults", () => {
    const patch = updateMonitorInputSchema.parse({ type: "http", name: "Renamed" });
    expect(patch).toEqual({ type: "http", name: "Renamed" });
    const merged = mergeMonitorUpdate(current, patch);
    expect(merged).toMatchObject({ name: "Renamed", intervalSeconds: 300, maxRedirects: 2, keyword: { value: "OK" } });
  });

  it("clears a nullable field with null", () => {
    const merged = mergeMonitorUpdate(current, updateMonitorInputSchema.parse({ type: "http", keyword: null }));
    expect(merged.type === "http" && merged.keyword).toBeNull();
  });

  it("refuses to change a monitor's type", () => {
    const patch = updateMonitorInputSchema.parse({ type: "tcp", port: 22 });
    expect(() => mergeMonitorUpdate(current, patch)).toThrow(InvalidInputError);
  });

  it("validates the merged configuration as a whole", () => {
    const patch = updateMonitorInputSchema.parse({ type: "http", intervalSeconds: 20, timeoutMs: 30_000 });
    expect(() => mergeMonitorUpdate(current, patch)).toThrow(/must not be longer than the interval/);
  });
});

describe("monitorTargetHost", () => {
  it("names the host each type sends traffic to", () => {
    expect(monitorTargetHost(createMonitorInputSchema.parse({ ...http, url: "http://[::1]:8080/x" }))).toBe("::1");
    expect(
      monitorTargetHost(createMonitorInputSchema.parse({ type: "tcp", name: "t", host: "db.local", port: 1 })),
    ).toBe("db.local");
    expect(
      monitorTargetHost(
        createMonitorInputSchema.parse({ type: "dns", name: "d", hostname: "a.example", resolver: "10.0.0.2:53" }),
      ),
    ).toBe("10.0.0.2");
    expect(
      monitorTargetHost(createMonitorInputSchema.parse({ type: "dns", name: "d", hostname: "a.example" })),
    ).toBeNull();
  });
});
