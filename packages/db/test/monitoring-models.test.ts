import mongoose, { Types } from "mongoose";
import { describe, expect, it } from "vitest";
import { isDuplicateKeyError } from "../src/duplicate-key-error.ts";
import { dailySummaryWriteOps } from "../src/models/daily-summary.ts";
import { openIncidentKey, resolvedIncidentKey } from "../src/models/incident.ts";
import { registerModels } from "../src/models/index.ts";
import { dueMonitorFilter } from "../src/models/monitor.ts";
import { monitorClaimId } from "../src/models/monitor-claim.ts";
import { testMonitorDocument, useTestDatabase } from "../src/testing/index.ts";

const db = await useTestDatabase();

const userId = new Types.ObjectId();
const now = new Date("2026-11-25T12:00:00Z");
const seconds = (n: number) => new Date(now.getTime() + n * 1000);

/** A monitor with no schedule yet (`nextDueAt` as the schema leaves it), `extra` written over it. */
function monitorFields(name: string, extra: Record<string, unknown> = {}) {
  const config = { url: "https://example.com/", method: "GET", headers: {}, acceptedStatusCodes: ["200-299"] };
  return {
    ...testMonitorDocument({ userId, name, config, retriesBeforeIncident: 2, nextDueAt: null, at: now }),
    ...extra,
  };
}

async function indexKeys(collection: string): Promise<Array<{ key: Record<string, number>; unique: boolean }>> {
  const indexes = await db.connection.collection(collection).indexes();
  return indexes.map((index) => ({ key: index.key as Record<string, number>, unique: index.unique === true }));
}

describe("monitoring models", () => {
  it("stores a new monitor as pending, unleased, with its own push token", async () => {
    const monitor = await db.models.Monitor.create(monitorFields("defaults"));
    const stored = await db.models.Monitor.findById(monitor._id).lean();
    expect(stored).toMatchObject({
      status: "pending",
      paused: false,
      consecutiveFailures: 0,
      consecutiveSuccesses: 0,
      nextDueAt: null,
      lastResult: null,
      openIncidentId: null,
      lease: { owner: null, expiresAt: new Date(0) },
      config: { url: "https://example.com/", headers: {} },
    });
    expect(stored?.pushToken).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });

  it("stores a check result, an incident, an event and a daily summary", async () => {
    const monitorId = new Types.ObjectId();
    await db.models.CheckResult.create({
      monitorId,
      userId,
      checkedAt: now,
      status: "down",
      reason: "connection refused",
      errorCode: "connection_refused",
    });
    await db.models.Incident.create({
      monitorId,
      userId,
      startedAt: now,
      firstError: "x",
      lastError: "x",
      openKey: openIncidentKey(monitorId),
    });
    await db.models.MonitorEvent.create({
      type: "incident_opened",
      monitorId,
      userId,
      occurredAt: now,
      payload: { reason: "x" },
      dedupeKey: `test:${monitorId}`,
    });
    await db.models.DailySummary.create({ monitorId, userId, day: "2026-11-25", timezone: "UTC" });
    expect(await db.models.CheckResult.countDocuments({ monitorId })).toBe(1);
    expect(await db.models.Incident.findOne({ monitorId }).lean()).toMatchObject({ status: "open", endedAt: null });
    expect(await db.models.MonitorEvent.findOne({ monitorId }).lean()).toMatchObject({
      dispatchedAt: null,
      payload: { reason: "x" },
    });
    expect(await db.models.DailySummary.findOne({ monitorId }).lean()).toMatchObject({ checks: 0, downtimeSeconds: 0 });
  });

  it("creates the indexes the scheduler and the API query by", async () => {
    expect(await indexKeys("monitors")).toEqual(
      expect.arrayContaining([
        { key: { pushToken: 1 }, unique: true },
        { key: { nextDueAt: 1, "lease.expiresAt": 1 }, unique: false },
        { key: { userId: 1, createdAt: -1, _id: -1 }, unique: false },
        { key: { userId: 1, name: 1, _id: 1 }, unique: false },
        { key: { deadlineAt: 1 }, unique: false },
      ]),
    );
    expect(await indexKeys("check_results")).toEqual(
      expect.arrayContaining([
        { key: { monitorId: 1, checkedAt: -1, _id: -1 }, unique: false },
        { key: { checkedAt: 1 }, unique: false },
      ]),
    );
    expect(await indexKeys("incidents")).toEqual(expect.arrayContaining([{ key: { openKey: 1 }, unique: true }]));
    expect(await indexKeys("daily_summaries")).toEqual(
      expect.arrayContaining([{ key: { monitorId: 1, day: 1 }, unique: true }]),
    );
    expect(await indexKeys("monitor_events")).toEqual(
      expect.arrayContaining([{ key: { dedupeKey: 1 }, unique: true }]),
    );
    expect(await indexKeys("monitor_claims")).toEqual(
      expect.arrayContaining([{ key: { monitorId: 1, dueAt: 1, attempt: -1 }, unique: false }]),
    );
  });

  it("refuses a second monitor with the same push token", async () => {
    const first = await db.models.Monitor.create(monitorFields("token one"));
    await expect(
      db.models.Monitor.create(monitorFields("token two", { pushToken: first.pushToken })),
    ).rejects.toMatchObject({
      code: 11000,
    });
  });

  it("finds due, unleased monitors oldest first, and a leased one again once its lease expires", async () => {
    const due = await db.models.Monitor.insertMany(
      Array.from({ length: 5 }, (_, index) =>
        monitorFields(`lease due ${index}`, { nextDueAt: seconds(-100 - index) }),
      ),
    );
    const leased = await db.models.Monitor.create(
      monitorFields("lease taken", { nextDueAt: seconds(-200), lease: { owner: "other", expiresAt: seconds(60) } }),
    );
    await db.models.Monitor.create(monitorFields("lease later", { nextDueAt: seconds(30) }));
    await db.models.Monitor.create(monitorFields("lease paused", { paused: true, nextDueAt: null }));

    const claimed: string[] = [];
    for (;;) {
      const monitor = await db.models.Monitor.findOneAndUpdate(
        dueMonitorFilter(now),
        { $set: { lease: { owner: "me", expiresAt: seconds(45) } } },
        { sort: { nextDueAt: 1 }, returnDocument: "after" },
      ).lean();
      if (!monitor) break;
      claimed.push(monitor.name);
    }
    expect(claimed).toEqual(due.map((monitor) => monitor.name).reverse());

    const afterExpiry = await db.models.Monitor.find(dueMonitorFilter(seconds(61))).lean();
    expect(afterExpiry.map((monitor) => monitor.name)).toContain(leased.name);
  });

  it("lets scheduler instances on separate connections claim each due check exactly once, and retake a crashed one's", async () => {
    const monitors = await db.models.Monitor.insertMany(
      Array.from({ length: 15 }, (_, index) => monitorFields(`claim ${index}`, { nextDueAt: seconds(-1 - index) })),
    );
    const ids = monitors.map((monitor) => monitor._id);
    const instances = await Promise.all(
      ["a", "b", "c"].map(async (owner) => {
        const connection = await mongoose.createConnection(db.uri, { dbName: db.dbName, maxPoolSize: 2 }).asPromise();
        return { owner, connection, models: registerModels(connection) };
      }),
    );
    const claimDue = async ({ owner, models }: (typeof instances)[number], at: Date) => {
      const won: string[] = [];
      const candidates = await models.Monitor.find({ ...dueMonitorFilter(at), _id: { $in: ids } })
        .sort({ nextDueAt: 1 })
        .lean();
      for (const monitor of candidates) {
        const dueAt = monitor.nextDueAt ?? at;
        const latest = await models.MonitorClaim.findOne({ monitorId: monitor._id, dueAt })
          .sort({ attempt: -1 })
          .lean();
        if (latest && latest.expiresAt > at) continue;
        const attempt = latest ? latest.attempt + 1 : 0;
        try {
          await models.MonitorClaim.create({
            _id: monitorClaimId(monitor._id, dueAt, attempt),
            monitorId: monitor._id,
            dueAt,
            attempt,
            owner,
            claimedAt: at,
            expiresAt: new Date(at.getTime() + 45_000),
          });
          won.push(`${monitor.name}#${attempt}`);
        } catch (error) {
          if (!isDuplicateKeyError(error)) throw error;
        }
      }
      return won;
    };
    try {
      const firstRound = (await Promise.all(instances.map((instance) => claimDue(instance, now)))).flat();
      expect(firstRound.sort()).toEqual(monitors.map((monitor) => `${monitor.name}#0`).sort());

      // Nobody finished those checks (every instance "crashed"): after the claims expire, each due
      // check is claimed again, once, as attempt 1.
      const secondRound = (await Promise.all(instances.map((instance) => claimDue(instance, seconds(46))))).flat();
      expect(secondRound.sort()).toEqual(monitors.map((monitor) => `${monitor.name}#1`).sort());
    } finally {
      await Promise.all(instances.map((instance) => instance.connection.close()));
    }
  });

  it("allows only one open incident per monitor", async () => {
    const monitorId = new Types.ObjectId();
    const fields = { monitorId, userId, startedAt: now, firstError: "timeout", lastError: "timeout" };
    const first = await db.models.Incident.create({ ...fields, openKey: openIncidentKey(monitorId) });
    await expect(db.models.Incident.create({ ...fields, openKey: openIncidentKey(monitorId) })).rejects.toMatchObject({
      code: 11000,
    });
    await db.models.Incident.updateOne(
      { _id: first._id },
      {
        $set: {
          status: "resolved",
          endedAt: seconds(60),
          durationSeconds: 60,
          openKey: resolvedIncidentKey(first._id),
        },
      },
    );
    await db.models.Incident.create({ ...fields, openKey: openIncidentKey(monitorId) });
    expect(await db.models.Incident.countDocuments({ monitorId })).toBe(2);
  });

  it("stores an event once however often it is emitted", async () => {
    const monitorId = new Types.ObjectId();
    const event = {
      type: "incident_resolved" as const,
      monitorId,
      userId,
      occurredAt: now,
      dedupeKey: `incident_resolved:${monitorId}`,
    };
    await db.models.MonitorEvent.create(event);
    await expect(db.models.MonitorEvent.create(event)).rejects.toMatchObject({ code: 11000 });
  });

  it("accumulates daily summaries with $inc/$min/$max upserts, histogram array included", async () => {
    const key = { monitorId: new Types.ObjectId(), userId, day: "2026-11-25", timezone: "Europe/Paris" };
    const delta = (latencies: number[], failures: number) => ({
      checks: latencies.length + failures,
      successes: latencies.length,
      failures,
      degraded: 0,
      downtimeSeconds: failures * 60,
      latencySum: latencies.reduce((a, b) => a + b, 0),
      latencyCount: latencies.length,
      latencyMin: latencies.length ? Math.min(...latencies) : null,
      latencyMax: latencies.length ? Math.max(...latencies) : null,
      histogram: [latencies.length, 0, 0, failures],
    });
    await db.models.DailySummary.bulkWrite(dailySummaryWriteOps(key, delta([120, 80], 1), 6), { ordered: true });
    await db.models.DailySummary.bulkWrite(dailySummaryWriteOps(key, delta([40, 300], 0), 6), { ordered: true });
    await db.models.DailySummary.bulkWrite(dailySummaryWriteOps(key, delta([], 2), 6), { ordered: true });
    const day = await db.models.DailySummary.findOne({ monitorId: key.monitorId, day: key.day }).lean();
    expect(day).toMatchObject({
      timezone: "Europe/Paris",
      checks: 7,
      successes: 4,
      failures: 3,
      downtimeSeconds: 180,
      latencySum: 540,
      latencyCount: 4,
      latencyMin: 40,
      latencyMax: 300,
      histogram: [4, 0, 0, 3, 0, 0],
    });
    expect(await db.models.DailySummary.countDocuments({ monitorId: key.monitorId })).toBe(1);
  });
});
