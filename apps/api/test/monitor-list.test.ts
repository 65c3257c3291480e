import { createClient, type PingPilotClient } from "@pingpilot/client";
import { manualClock } from "@pingpilot/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerUser } from "./auth-helpers.ts";
import { allMonitorNames, apiErrorOf, heartbeatMonitorInput, httpMonitorInput, publicIp } from "./monitor-helpers.ts";
import { startTestApi, type TestApi } from "./test-server.ts";

const clock = manualClock(new Date("2026-06-01T10:00:00.000Z"));
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ clock, env: { RATE_LIMIT_REGISTER_PER_IP: "1000" } });
});
afterAll(async () => api.stop());

async function newUser(): Promise<PingPilotClient> {
  const user = await registerUser(api);
  const { key } = await user.client.apiKey.create.mutate({ name: "tests", scope: "full" });
  return createClient({ url: api.url, apiKey: key });
}

/** Creates monitors named in order, one second apart (so "newest" order is the reverse). */
async function createNamed(client: PingPilotClient, names: string[]): Promise<void> {
  for (const name of names) {
    await client.monitor.create.mutate(httpMonitorInput({ name }));
    clock.advance(1_000);
  }
}

describe("monitor.list pagination", () => {
  it("a user without monitors gets an empty page and no cursor", async () => {
    const client = await newUser();
    expect(await client.monitor.list.query()).toEqual({ items: [], nextCursor: null });
  });

  it("exactly one page of monitors has no next cursor", async () => {
    const client = await newUser();
    await createNamed(client, ["a", "b", "c", "d"]);
    const page = await client.monitor.list.query({ limit: 4 });
    expect(page.items.map((monitor) => monitor.config.name)).toEqual(["d", "c", "b", "a"]);
    expect(page.nextCursor).toBeNull();
  });

  it("pages walk every monitor once, newest first, and the last page is short", async () => {
    const client = await newUser();
    await createNamed(client, ["m1", "m2", "m3", "m4", "m5"]);
    const first = await client.monitor.list.query({ limit: 2 });
    const second = await client.monitor.list.query({ limit: 2, cursor: first.nextCursor ?? "" });
    const last = await client.monitor.list.query({ limit: 2, cursor: second.nextCursor ?? "" });
    expect([first, second, last].map((page) => page.items.map((monitor) => monitor.config.name))).toEqual([
      ["m5", "m4"],
      ["m3", "m2"],
      ["m1"],
    ]);
    expect(last.nextCursor).toBeNull();
  });

  it("monitors created in the same millisecond are neither skipped nor repeated across pages", async () => {
    const client = await newUser();
    for (const name of ["t1", "t2", "t3", "t4", "t5", "t6", "t7"]) {
      await client.monitor.create.mutate(httpMonitorInput({ name }));
    }
    const names = await allMonitorNames(client, 3);
    expect(names).toHaveLength(7);
    expect(new Set(names)).toEqual(new Set(["t1", "t2", "t3", "t4", "t5", "t6", "t7"]));
  });

  it("name order pages A→Z with its own cursor", async () => {
    const client = await newUser();
    await createNamed(client, ["delta", "alpha", "charlie", "bravo", "echo"]);
    const first = await client.monitor.list.query({ sort: "name", limit: 3 });
    const rest = await client.monitor.list.query({ sort: "name", limit: 3, cursor: first.nextCursor ?? "" });
    expect([...first.items, ...rest.items].map((monitor) => monitor.config.name)).toEqual([
      "alpha",
      "bravo",
      "charlie",
      "delta",
      "echo",
    ]);
    expect(rest.nextCursor).toBeNull();
  });

  it("a cursor that was not handed out, or belongs to another order, is a field error", async () => {
    const client = await newUser();
    await createNamed(client, ["x", "y"]);
    const garbage = await apiErrorOf(client.monitor.list.query({ cursor: "not-a-cursor" }));
    expect(garbage.code).toBe("BAD_REQUEST");
    expect(garbage.fieldErrors.cursor).toEqual(["is not a cursor from this listing"]);

    const byName = await client.monitor.list.query({ sort: "name", limit: 1 });
    const mixed = await apiErrorOf(client.monitor.list.query({ sort: "newest", cursor: byName.nextCursor ?? "" }));
    expect(mixed.fieldErrors.cursor).toBeDefined();
    const tooBig = await apiErrorOf(client.monitor.list.query({ limit: 1_000 }));
    expect(tooBig.fieldErrors.limit).toBeDefined();
  });
});

describe("monitor.list filters", () => {
  let client: PingPilotClient;
  beforeAll(async () => {
    client = await newUser();
    await client.monitor.create.mutate(httpMonitorInput({ name: "Shop (EU)", tags: ["prod", "eu"] }));
    await client.monitor.create.mutate(httpMonitorInput({ name: "shop-staging", tags: ["staging"], paused: true }));
    await client.monitor.create.mutate({ type: "tcp", name: "Postgres", host: publicIp, port: 5432, tags: ["prod"] });
    await client.monitor.create.mutate(heartbeatMonitorInput({ name: "Backups .*" }));
  });

  it("filters by status, type and tag, and combines them", async () => {
    const names = async (input: Parameters<typeof client.monitor.list.query>[0]) =>
      (await client.monitor.list.query(input)).items.map((monitor) => monitor.config.name).sort();
    expect(await names({ status: "paused" })).toEqual(["shop-staging"]);
    expect(await names({ type: "tcp" })).toEqual(["Postgres"]);
    expect(await names({ tag: "prod" })).toEqual(["Postgres", "Shop (EU)"]);
    expect(await names({ tag: "prod", type: "http" })).toEqual(["Shop (EU)"]);
    expect(await names({ status: "down" })).toEqual([]);
  });

  it("name search is case-insensitive and takes the text literally, never as a pattern", async () => {
    const search = async (text: string) =>
      (await client.monitor.list.query({ search: text })).items.map((monitor) => monitor.config.name).sort();
    expect(await search("SHOP")).toEqual(["Shop (EU)", "shop-staging"]);
    expect(await search("(EU)")).toEqual(["Shop (EU)"]);
    expect(await search(".*")).toEqual(["Backups .*"]);
    expect(await search("^S")).toEqual([]);
  });
});

describe("monitor.results pagination", () => {
  it("pages through results newest first, ends with a short page, and refuses a foreign cursor", async () => {
    const client = await newUser();
    const monitor = await client.monitor.create.mutate(httpMonitorInput());
    expect(await client.monitor.results.query({ id: monitor.id })).toEqual({ items: [], nextCursor: null });

    const stored = await api.db.models.Monitor.findById(monitor.id).lean();
    const base = new Date("2026-06-01T00:00:00Z").getTime();
    // Five results, two of them at the same instant.
    const times = [0, 60_000, 120_000, 120_000, 180_000];
    await api.db.models.CheckResult.insertMany(
      times.map((offset, index) => ({
        monitorId: stored?._id,
        userId: stored?.userId,
        checkedAt: new Date(base + offset),
        status: "up",
        responseTimeMs: index,
        reason: "OK",
      })),
    );
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await client.monitor.results.query({ id: monitor.id, limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((result) => result.responseTimeMs ?? -1));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(5);
    expect(new Set(seen)).toEqual(new Set([0, 1, 2, 3, 4]));
    expect(seen[0]).toBe(4);
    expect(seen.at(-1)).toBe(0);

    const exact = await client.monitor.results.query({ id: monitor.id, limit: 5 });
    expect(exact.nextCursor).toBeNull();
    const foreign = await apiErrorOf(
      client.monitor.results.query({
        id: monitor.id,
        cursor: Buffer.from('{"s":"incidents","k":1,"i":"0123456789abcdef01234567"}').toString("base64url"),
      }),
    );
    expect(foreign.fieldErrors.cursor).toEqual(["is not a cursor from this listing"]);
    const backwards = await apiErrorOf(
      client.monitor.results.query({ id: monitor.id, from: new Date(base + 1), to: new Date(base) }),
    );
    expect(backwards.fieldErrors.to).toEqual(["must be after from"]);
  });
});
