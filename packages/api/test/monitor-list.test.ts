import { manualClock } from "@pingpilot/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { heartbeatMonitorInput, httpMonitorInput, publicIp } from "../src/testing/index.ts";
import { type Caller, type CallerFixture, callerErrorOf, createCallerFixture } from "./caller-fixture.ts";

const clock = manualClock(new Date("2026-06-01T10:00:00.000Z"));
let fixture: CallerFixture;
beforeAll(async () => {
  fixture = await createCallerFixture({ clock });
});
afterAll(async () => fixture.close());

async function newUser(): Promise<Caller> {
  return (await fixture.signUp()).caller;
}

/** Creates monitors named in order, one second apart (so "newest" order is the reverse). */
async function createNamed(caller: Caller, names: string[]): Promise<void> {
  for (const name of names) {
    await caller.monitor.create(httpMonitorInput({ name }));
    clock.advance(1_000);
  }
}

/** Every monitor of the caller, walking all pages. */
async function allMonitorNames(caller: Caller, limit: number): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await caller.monitor.list({ limit, ...(cursor ? { cursor } : {}) });
    names.push(...page.items.map((monitor) => monitor.config.name));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return names;
}

describe("monitor.list pagination", () => {
  it("a user without monitors gets an empty page and no cursor", async () => {
    const caller = await newUser();
    expect(await caller.monitor.list()).toEqual({ items: [], nextCursor: null });
  });

  it("exactly one page of monitors has no next cursor", async () => {
    const caller = await newUser();
    await createNamed(caller, ["a", "b", "c", "d"]);
    const page = await caller.monitor.list({ limit: 4 });
    expect(page.items.map((monitor) => monitor.config.name)).toEqual(["d", "c", "b", "a"]);
    expect(page.nextCursor).toBeNull();
  });

  it("pages walk every monitor once, newest first, and the last page is short", async () => {
    const caller = await newUser();
    await createNamed(caller, ["m1", "m2", "m3", "m4", "m5"]);
    const first = await caller.monitor.list({ limit: 2 });
    const second = await caller.monitor.list({ limit: 2, cursor: first.nextCursor ?? "" });
    const last = await caller.monitor.list({ limit: 2, cursor: second.nextCursor ?? "" });
    expect([first, second, last].map((page) => page.items.map((monitor) => monitor.config.name))).toEqual([
      ["m5", "m4"],
      ["m3", "m2"],
      ["m1"],
    ]);
    expect(last.nextCursor).toBeNull();
  });

  it("monitors created in the same millisecond are neither skipped nor repeated across pages", async () => {
    const caller = await newUser();
    for (const name of ["t1", "t2", "t3", "t4", "t5", "t6", "t7"]) {
      await caller.monitor.create(httpMonitorInput({ name }));
    }
    const names = await allMonitorNames(caller, 3);
    expect(names).toHaveLength(7);
    expect(new Set(names)).toEqual(new Set(["t1", "t2", "t3", "t4", "t5", "t6", "t7"]));
  });

  it("name order pages A→Z with its own cursor", async () => {
    const caller = await newUser();
    await createNamed(caller, ["delta", "alpha", "charlie", "bravo", "echo"]);
    const first = await caller.monitor.list({ sort: "name", limit: 3 });
    const rest = await caller.monitor.list({ sort: "name", limit: 3, cursor: first.nextCursor ?? "" });
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
    const caller = await newUser();
    await createNamed(caller, ["x", "y"]);
    const garbage = await callerErrorOf(caller.monitor.list({ cursor: "not-a-cursor" }));
    expect(garbage.code).toBe("BAD_REQUEST");
    expect(garbage.fieldErrors.cursor).toEqual(["is not a cursor from this listing"]);

    const byName = await caller.monitor.list({ sort: "name", limit: 1 });
    const mixed = await callerErrorOf(caller.monitor.list({ sort: "newest", cursor: byName.nextCursor ?? "" }));
    expect(mixed.fieldErrors.cursor).toBeDefined();
    const tooBig = await callerErrorOf(caller.monitor.list({ limit: 1_000 }));
    expect(tooBig.fieldErrors.limit).toBeDefined();
  });
});

describe("monitor.list filters", () => {
  let caller: Caller;
  beforeAll(async () => {
    caller = await newUser();
    await caller.monitor.create(httpMonitorInput({ name: "Shop (EU)", tags: ["prod", "eu"] }));
    await caller.monitor.create(httpMonitorInput({ name: "shop-staging", tags: ["staging"], paused: true }));
    await caller.monitor.create({ type: "tcp", name: "Postgres", host: publicIp, port: 5432, tags: ["prod"] });
    await caller.monitor.create(heartbeatMonitorInput({ name: "Backups .*" }));
  });

  it("filters by status, type and tag, and combines them", async () => {
    const names = async (input: Parameters<typeof caller.monitor.list>[0]) =>
      (await caller.monitor.list(input)).items.map((monitor) => monitor.config.name).sort();
    expect(await names({ status: "paused" })).toEqual(["shop-staging"]);
    expect(await names({ type: "tcp" })).toEqual(["Postgres"]);
    expect(await names({ tag: "prod" })).toEqual(["Postgres", "Shop (EU)"]);
    expect(await names({ tag: "prod", type: "http" })).toEqual(["Shop (EU)"]);
    expect(await names({ status: "down" })).toEqual([]);
  });

  it("name search is case-insensitive and takes the text literally, never as a pattern", async () => {
    const search = async (text: string) =>
      (await caller.monitor.list({ search: text })).items.map((monitor) => monitor.config.name).sort();
    expect(await search("SHOP")).toEqual(["Shop (EU)", "shop-staging"]);
    expect(await search("(EU)")).toEqual(["Shop (EU)"]);
    expect(await search(".*")).toEqual(["Backups .*"]);
    expect(await search("^S")).toEqual([]);
  });
});

describe("monitor.results pagination", () => {
  it("pages through results newest first, ends with a short page, and refuses a foreign cursor", async () => {
    const caller = await newUser();
    const monitor = await caller.monitor.create(httpMonitorInput());
    expect(await caller.monitor.results({ id: monitor.id })).toEqual({ items: [], nextCursor: null });

    const stored = await fixture.db.models.Monitor.findById(monitor.id).lean();
    const base = new Date("2026-06-01T00:00:00Z").getTime();
    // Five results, two of them at the same instant.
    const times = [0, 60_000, 120_000, 120_000, 180_000];
    await fixture.db.models.CheckResult.insertMany(
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
      const page = await caller.monitor.results({ id: monitor.id, limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((result) => result.responseTimeMs ?? -1));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(5);
    expect(new Set(seen)).toEqual(new Set([0, 1, 2, 3, 4]));
    expect(seen[0]).toBe(4);
    expect(seen.at(-1)).toBe(0);

    const exact = await caller.monitor.results({ id: monitor.id, limit: 5 });
    expect(exact.nextCursor).toBeNull();
    const foreign = await callerErrorOf(
      caller.monitor.results({
        id: monitor.id,
        cursor: Buffer.from('{"s":"incidents","k":1,"i":"0123456789abcdef01234567"}').toString("base64url"),
      }),
    );
    expect(foreign.fieldErrors.cursor).toEqual(["is not a cursor from this listing"]);
    const backwards = await callerErrorOf(
      caller.monitor.results({ id: monitor.id, from: new Date(base + 1), to: new Date(base) }),
    );
    expect(backwards.fieldErrors.to).toEqual(["must be after from"]);
  });
});
