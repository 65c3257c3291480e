import { recordSecret } from "@pingpilot/db/testing";
import { heartbeatDeadline, manualClock, nextGridTime, spreadOffsetMs } from "@pingpilot/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { heartbeatMonitorInput, httpMonitorInput, publicIp } from "../src/testing/index.ts";
import {
  type CallerFixture,
  callerErrorOf,
  createCallerFixture,
  errorCodeOf,
  type SignedInCaller,
} from "./caller-fixture.ts";

const clock = manualClock(new Date("2026-06-01T10:00:00.000Z"));
let fixture: CallerFixture;
let owner: SignedInCaller;

/** API keys do not expire: these tests move the clock by hours, past any access token's lifetime. */
function apiKeyCaller(key: string) {
  return fixture.callerFor({ headers: { "x-api-key": key } }).caller;
}

beforeAll(async () => {
  fixture = await createCallerFixture({
    clock,
    env: { MONITORS_PER_USER: "50", PUBLIC_URL: "https://ping.example.com" },
  });
  const registered = await fixture.signUp();
  const { key } = await registered.caller.apiKey.create({ name: "tests", scope: "full" });
  recordSecret("api key", key);
  owner = { ...registered, caller: apiKeyCaller(key) };
});
afterAll(async () => fixture.close());

async function storedMonitor(id: string) {
  const monitor = await fixture.db.models.Monitor.findById(id).lean();
  if (!monitor) throw new Error(`monitor ${id} is not in the database`);
  return monitor;
}

/** What a scheduler instance holding the monitor's lease looks like in the database. */
async function leaseToScheduler(id: string): Promise<void> {
  await fixture.db.models.Monitor.updateOne(
    { _id: id },
    { $set: { lease: { owner: "scheduler-a", expiresAt: new Date(clock.now().getTime() + 60_000) } } },
  );
}

describe("monitor.create and monitor.get", () => {
  it("a new HTTP monitor gets the defaults, no verdict yet, and its first check on its own spot of the interval grid", async () => {
    const created = await owner.caller.monitor.create(httpMonitorInput({ intervalSeconds: 60, tags: ["prod"] }));
    expect(created).toMatchObject({
      status: "pending",
      lastCheckedAt: null,
      lastResult: null,
      heartbeat: null,
      createdAt: clock.now(),
      config: {
        type: "http",
        name: "Website",
        url: `https://${publicIp}/health`,
        method: "GET",
        intervalSeconds: 60,
        retriesBeforeIncident: 2,
        acceptedStatusCodes: ["200-299"],
        tags: ["prod"],
        paused: false,
      },
    });
    const expectedDue = nextGridTime({ intervalSeconds: 60, offsetMs: spreadOffsetMs(created.id, 60) }, clock.now());
    expect(created.nextCheckAt).toEqual(expectedDue);
    const stored = await storedMonitor(created.id);
    expect(stored.nextDueAt).toEqual(expectedDue);
    expect(stored.lease).toEqual({ owner: null, expiresAt: new Date(0) });
    expect(String(stored.userId)).toBe(owner.userId);

    expect(await owner.caller.monitor.get({ id: created.id })).toEqual(created);
  });

  it("a heartbeat monitor shows its secret push URL and waits for a ping until period plus grace", async () => {
    const created = await owner.caller.monitor.create(heartbeatMonitorInput());
    const stored = await storedMonitor(created.id);
    expect(created.heartbeat).toEqual({
      pushUrl: `https://ping.example.com/push/${stored.pushToken}`,
      lastPingAt: null,
      lastStartAt: null,
      deadlineAt: new Date(clock.now().getTime() + (3_600 + 300) * 1000),
    });
    expect(created.nextCheckAt).toBeNull();
    expect(stored.deadlineAt).toEqual(
      heartbeatDeadline({ schedule: { kind: "period", periodSeconds: 3_600 }, graceSeconds: 300 }, clock.now()),
    );
  });

  it("a monitor created paused is never due and shows as paused", async () => {
    const created = await owner.caller.monitor.create(httpMonitorInput({ name: "Later", paused: true }));
    expect(created).toMatchObject({ status: "paused", nextCheckAt: null });
    expect((await storedMonitor(created.id)).nextDueAt).toBeNull();
    await owner.caller.monitor.delete({ id: created.id });
  });

  it("invalid settings are refused with an error on each field concerned", async () => {
    const tooOften = await callerErrorOf(owner.caller.monitor.create(httpMonitorInput({ intervalSeconds: 5 })));
    expect(tooOften.code).toBe("BAD_REQUEST");
    expect(tooOften.fieldErrors.intervalSeconds?.[0]).toMatch(/>=\s*20/);

    const badUrl = await callerErrorOf(owner.caller.monitor.create(httpMonitorInput({ url: "ftp://example.com" })));
    expect(badUrl.fieldErrors.url).toEqual(["must be an http:// or https:// URL"]);

    const slow = await callerErrorOf(
      owner.caller.monitor.create(httpMonitorInput({ intervalSeconds: 20, timeoutMs: 30_000 })),
    );
    expect(slow.fieldErrors.timeoutMs).toEqual(["must not be longer than the interval"]);

    const bodyOnGet = await callerErrorOf(owner.caller.monitor.create(httpMonitorInput({ body: "{}" })));
    expect(bodyOnGet.fieldErrors.body).toEqual(["a GET request cannot have a body"]);

    const badCron = await callerErrorOf(
      owner.caller.monitor.create(
        heartbeatMonitorInput({ schedule: { kind: "cron", expression: "every day", timezone: "UTC" } }),
      ),
    );
    expect(badCron.fieldErrors.schedule?.[0]).toMatch(/five fields/);

    const noName = await callerErrorOf(owner.caller.monitor.create(httpMonitorInput({ name: "  " })));
    expect(noName.fieldErrors.name).toBeDefined();
    expect(await fixture.db.models.Monitor.countDocuments({ "config.url": "ftp://example.com" })).toBe(0);
  });

  it("nobody can create or read monitors without signing in, and read-only API keys cannot change them", async () => {
    const anonymous = fixture.callerFor().caller;
    expect(await errorCodeOf(anonymous.monitor.list())).toBe("UNAUTHORIZED");
    expect(await errorCodeOf(anonymous.monitor.create(httpMonitorInput()))).toBe("UNAUTHORIZED");

    const { key } = await owner.caller.apiKey.create({ name: "dashboard", scope: "read" });
    const readOnly = apiKeyCaller(key);
    expect((await readOnly.monitor.list()).items.length).toBeGreaterThan(0);
    expect(await errorCodeOf(readOnly.monitor.create(httpMonitorInput()))).toBe("FORBIDDEN");
  });
});

describe("monitor.update", () => {
  it("renaming and retagging keep the schedule and a running check's lease", async () => {
    const monitor = await owner.caller.monitor.create(httpMonitorInput({ name: "Old name" }));
    await leaseToScheduler(monitor.id);
    const before = await storedMonitor(monitor.id);
    clock.advance(5_000);
    const updated = await owner.caller.monitor.update({
      id: monitor.id,
      type: "http",
      name: "New name",
      tags: ["eu"],
    });
    expect(updated.config).toMatchObject({
      name: "New name",
      tags: ["eu"],
      url: monitor.config.type === "http" ? monitor.config.url : "",
    });
    expect(updated.updatedAt).toEqual(clock.now());
    const after = await storedMonitor(monitor.id);
    expect(after.lease).toEqual(before.lease);
    expect(after.nextDueAt).toEqual(before.nextDueAt);
  });

  it("changing the interval frees the lease and moves the next check onto the new grid", async () => {
    const monitor = await owner.caller.monitor.create(httpMonitorInput({ intervalSeconds: 60 }));
    await leaseToScheduler(monitor.id);
    const updated = await owner.caller.monitor.update({ id: monitor.id, type: "http", intervalSeconds: 300 });
    const expected = nextGridTime({ intervalSeconds: 300, offsetMs: spreadOffsetMs(monitor.id, 300) }, clock.now());
    expect(updated.nextCheckAt).toEqual(expected);
    expect((await storedMonitor(monitor.id)).lease).toEqual({ owner: null, expiresAt: new Date(0) });
  });

  it("a changed check (new URL, keyword) frees the lease; null clears an optional setting", async () => {
    const monitor = await owner.caller.monitor.create(httpMonitorInput({ keyword: { value: "OK" } }));
    await leaseToScheduler(monitor.id);
    const updated = await owner.caller.monitor.update({
      id: monitor.id,
      type: "http",
      url: `https://${publicIp}/status`,
      keyword: null,
    });
    expect(updated.config).toMatchObject({ url: `https://${publicIp}/status`, keyword: null });
    expect((await storedMonitor(monitor.id)).lease.owner).toBeNull();
  });

  it("an update that makes the whole configuration invalid, or changes the type, is refused on the field", async () => {
    const monitor = await owner.caller.monitor.create(httpMonitorInput({ intervalSeconds: 60, timeoutMs: 30_000 }));
    const tooShort = await callerErrorOf(
      owner.caller.monitor.update({ id: monitor.id, type: "http", intervalSeconds: 20 }),
    );
    expect(tooShort.code).toBe("BAD_REQUEST");
    expect(tooShort.fieldErrors.timeoutMs?.[0]).toMatch(/must not be longer than the interval/);

    const retyped = await callerErrorOf(owner.caller.monitor.update({ id: monitor.id, type: "tcp", port: 22 }));
    expect(retyped.fieldErrors.type).toEqual(["a http monitor cannot become a tcp monitor"]);

    const badField = await callerErrorOf(
      owner.caller.monitor.update({ id: monitor.id, type: "http", maxRedirects: 99 }),
    );
    expect(badField.fieldErrors.maxRedirects).toBeDefined();
    expect((await owner.caller.monitor.get({ id: monitor.id })).config).toEqual(monitor.config);
  });

  it("a heartbeat's new schedule counts from the last ping while that deadline is still ahead", async () => {
    const monitor = await owner.caller.monitor.create(heartbeatMonitorInput());
    const lastPingAt = new Date(clock.now().getTime() - 600_000);
    await fixture.db.models.Monitor.updateOne({ _id: monitor.id }, { $set: { lastPingAt } });
    const updated = await owner.caller.monitor.update({ id: monitor.id, type: "heartbeat", graceSeconds: 60 });
    expect(updated.heartbeat?.deadlineAt).toEqual(new Date(lastPingAt.getTime() + (3_600 + 60) * 1000));
  });
});

describe("pause, resume, checkNow, rotatePushToken", () => {
  it("pausing stops checks at once, even one in flight; resuming schedules the next check from now", async () => {
    const monitor = await owner.caller.monitor.create(httpMonitorInput());
    await fixture.db.models.Monitor.updateOne({ _id: monitor.id }, { $set: { status: "up", consecutiveSuccesses: 4 } });
    await leaseToScheduler(monitor.id);

    const paused = await owner.caller.monitor.pause({ id: monitor.id });
    expect(paused).toMatchObject({ status: "paused", nextCheckAt: null, config: { paused: true } });
    const stored = await storedMonitor(monitor.id);
    expect(stored).toMatchObject({ paused: true, nextDueAt: null, consecutiveSuccesses: 0 });
    expect(stored.lease).toEqual({ owner: null, expiresAt: new Date(0) });
    expect(await owner.caller.monitor.pause({ id: monitor.id })).toEqual(paused);

    clock.advance(3_600_000);
    const resumed = await owner.caller.monitor.resume({ id: monitor.id });
    expect(resumed).toMatchObject({ status: "pending", config: { paused: false } });
    expect(resumed.nextCheckAt).toEqual(
      nextGridTime({ intervalSeconds: 60, offsetMs: spreadOffsetMs(monitor.id, 60) }, clock.now()),
    );
  });

  it("a paused heartbeat has no deadline; resumed, it waits a full period plus grace from now", async () => {
    const monitor = await owner.caller.monitor.create(heartbeatMonitorInput({ name: "cron" }));
    expect((await owner.caller.monitor.pause({ id: monitor.id })).heartbeat?.deadlineAt).toBeNull();
    clock.advance(86_400_000);
    const resumed = await owner.caller.monitor.resume({ id: monitor.id });
    expect(resumed.heartbeat?.deadlineAt).toEqual(new Date(clock.now().getTime() + 3_900_000));
    await owner.caller.monitor.delete({ id: monitor.id });
  });

  it("check now makes the monitor due immediately, refuses heartbeats and paused monitors, and is rate-limited", async () => {
    const user = await fixture.signUp();
    const monitor = await user.caller.monitor.create(httpMonitorInput());
    const answer = await user.caller.monitor.checkNow({ id: monitor.id });
    expect(answer).toEqual({ monitorId: monitor.id, requestedAt: clock.now() });
    expect((await storedMonitor(monitor.id)).nextDueAt).toEqual(clock.now());

    const heartbeat = await user.caller.monitor.create(heartbeatMonitorInput());
    const passive = await callerErrorOf(user.caller.monitor.checkNow({ id: heartbeat.id }));
    expect(passive.fieldErrors.id?.[0]).toMatch(/checked by their pings/);
    const paused = await user.caller.monitor.create(httpMonitorInput({ paused: true }));
    expect(await errorCodeOf(user.caller.monitor.checkNow({ id: paused.id }))).toBe("CONFLICT");

    for (let i = 0; i < 7; i += 1) await user.caller.monitor.checkNow({ id: monitor.id });
    const limited = await callerErrorOf(user.caller.monitor.checkNow({ id: monitor.id }));
    expect(limited.code).toBe("TOO_MANY_REQUESTS");
  });

  it("rotating the push token gives a new push URL; other monitor types have none", async () => {
    const monitor = await owner.caller.monitor.create(heartbeatMonitorInput({ name: "rotate me" }));
    const rotated = await owner.caller.monitor.rotatePushToken({ id: monitor.id });
    expect(rotated.heartbeat?.pushUrl).toMatch(/^https:\/\/ping\.example\.com\/push\/[A-Za-z0-9_-]{24}$/);
    expect(rotated.heartbeat?.pushUrl).not.toBe(monitor.heartbeat?.pushUrl);
    const web = await owner.caller.monitor.create(httpMonitorInput({ name: "no push" }));
    expect(await errorCodeOf(owner.caller.monitor.rotatePushToken({ id: web.id }))).toBe("BAD_REQUEST");
    await owner.caller.monitor.delete({ id: monitor.id });
    await owner.caller.monitor.delete({ id: web.id });
  });
});

describe("limits and deletion", () => {
  it("a user cannot have more monitors than MONITORS_PER_USER; deleting one makes room", async () => {
    const limited = await createCallerFixture({ clock, env: { MONITORS_PER_USER: "3" } });
    try {
      const user = await limited.signUp();
      const ids: string[] = [];
      for (const name of ["a", "b", "c"]) ids.push((await user.caller.monitor.create(httpMonitorInput({ name }))).id);
      const refused = await callerErrorOf(user.caller.monitor.create(httpMonitorInput({ name: "one too many" })));
      expect(refused.code).toBe("CONFLICT");
      expect(refused.message).toMatch(/limit of 3 monitors/);
      expect(await limited.db.models.Monitor.countDocuments({ userId: user.userId })).toBe(3);

      await user.caller.monitor.delete({ id: ids[0] ?? "" });
      await user.caller.monitor.create(httpMonitorInput({ name: "fits again" }));
    } finally {
      await limited.close();
    }
  });

  it("deleting a monitor removes it with its results, incidents, summaries and events; it is then not found", async () => {
    const monitor = await owner.caller.monitor.create(httpMonitorInput({ name: "doomed" }));
    const monitorId = (await storedMonitor(monitor.id))._id;
    const userId = owner.userId;
    const at = clock.now();
    await fixture.db.models.CheckResult.create({ monitorId, userId, checkedAt: at, status: "down", reason: "x" });
    await fixture.db.models.Incident.create({
      monitorId,
      userId,
      startedAt: at,
      firstError: "x",
      lastError: "x",
      openKey: `open:${monitor.id}`,
    });
    await fixture.db.models.DailySummary.create({ monitorId, userId, day: "2026-06-01", timezone: "UTC" });
    await fixture.db.models.MonitorEvent.create({
      type: "incident_opened",
      monitorId,
      userId,
      occurredAt: at,
      dedupeKey: `t:${monitor.id}`,
    });

    expect(await owner.caller.monitor.delete({ id: monitor.id })).toEqual({ ok: true, id: monitor.id });
    const { Monitor, CheckResult, Incident, DailySummary, MonitorEvent } = fixture.db.models;
    expect(await Monitor.countDocuments({ _id: monitorId })).toBe(0);
    expect(await CheckResult.countDocuments({ monitorId })).toBe(0);
    expect(await Incident.countDocuments({ monitorId })).toBe(0);
    expect(await DailySummary.countDocuments({ monitorId })).toBe(0);
    expect(await MonitorEvent.countDocuments({ monitorId })).toBe(0);
    expect(await errorCodeOf(owner.caller.monitor.get({ id: monitor.id }))).toBe("NOT_FOUND");
    expect(await errorCodeOf(owner.caller.monitor.delete({ id: monitor.id }))).toBe("NOT_FOUND");
  });
});

describe("notification channels of a monitor", () => {
  async function channelOf(userId: string, isDefault: boolean): Promise<string> {
    const now = clock.now();
    const channel = await fixture.db.models.NotificationChannel.create({
      userId,
      name: isDefault ? "team inbox" : "pager",
      type: "email",
      config: { to: "ops@example.com" },
      isDefault,
      createdAt: now,
      updatedAt: now,
    });
    return channel._id.toHexString();
  }

  it("a monitor created without channels alerts the owner's default channels; named ones must be the owner's", async () => {
    const user = await fixture.signUp();
    const fallback = await channelOf(user.userId, true);
    const pager = await channelOf(user.userId, false);
    const strangersChannel = await channelOf(owner.userId, false);

    const byDefault = await user.caller.monitor.create(httpMonitorInput({ name: "defaults" }));
    expect(byDefault.config.channelIds).toEqual([fallback]);
    const chosen = await user.caller.monitor.create(httpMonitorInput({ name: "chosen", channelIds: [pager] }));
    expect(chosen.config.channelIds).toEqual([pager]);

    const foreign = await callerErrorOf(
      user.caller.monitor.create(httpMonitorInput({ channelIds: [pager, strangersChannel] })),
    );
    expect(foreign.fieldErrors.channelIds).toEqual([`no such notification channel: ${strangersChannel}`]);
    const moved = await callerErrorOf(
      user.caller.monitor.update({ id: chosen.id, type: "http", channelIds: [strangersChannel] }),
    );
    expect(moved.fieldErrors.channelIds).toBeDefined();
    const cleared = await user.caller.monitor.update({ id: chosen.id, type: "http", channelIds: [] });
    expect(cleared.config.channelIds).toEqual([]);
  });
});

describe("ownership", () => {
  it("another user cannot see, change, pause, check, delete or read the history of someone's monitor: it does not exist for them", async () => {
    const monitor = await owner.caller.monitor.create(heartbeatMonitorInput({ name: "private" }));
    const stranger = await fixture.signUp();
    const b = stranger.caller.monitor;
    const id = monitor.id;
    const calls: Array<() => Promise<unknown>> = [
      () => b.get({ id }),
      () => b.update({ id, type: "heartbeat", name: "mine now" }),
      () => b.pause({ id }),
      () => b.resume({ id }),
      () => b.checkNow({ id }),
      () => b.rotatePushToken({ id }),
      () => b.results({ id }),
      () => b.stats({ id }),
      () => b.incidents({ id }),
      () => b.dailySummaries({ id }),
      () => b.delete({ id }),
    ];
    for (const call of calls) expect(await errorCodeOf(call())).toBe("NOT_FOUND");
    // The same answer as an id that never existed.
    expect(await errorCodeOf(b.get({ id: "0123456789abcdef01234567" }))).toBe("NOT_FOUND");
    expect((await b.list()).items).toEqual([]);
    expect((await b.overview()).total).toBe(0);
    expect(await owner.caller.monitor.get({ id })).toEqual(monitor);
  });

  it("a malformed id is a field error, not a lookup", async () => {
    const bad = await callerErrorOf(owner.caller.monitor.get({ id: "not-an-id" }));
    expect(bad.fieldErrors.id).toEqual(["must be a 24-character hex id"]);
  });
});
