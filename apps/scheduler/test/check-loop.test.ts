import {
  insertTestUser,
  testCheckResult,
  testLogger,
  testMonitorDocument,
  useTestDatabase,
} from "@pingpilot/db/testing";
import { type CheckResult, type Clock, manualClock, spreadOffsetMs } from "@pingpilot/domain";
import { createOutcomeRecorder, type RecordOutcomes } from "@pingpilot/monitoring";
import { Types } from "mongoose";
import { beforeEach, describe, expect, it } from "vitest";
import { createCheckLoop, type RunCheck } from "../src/monitor-checks/check-loop.ts";
import type { ClaimedMonitor } from "../src/monitor-checks/claim-due-monitors.ts";

const db = await useTestDatabase();
const start = new Date("2026-05-01T12:00:00Z");
beforeEach(async () => {
  await db.models.Monitor.deleteMany({});
  await db.models.CheckResult.deleteMany({});
  await db.models.MonitorClaim.deleteMany({});
});

async function createMonitors(
  count: number,
  dueAt: Date,
  { userId = new Types.ObjectId(), intervalSeconds = 30, retriesBeforeIncident = 1 } = {},
): Promise<void> {
  await db.models.Monitor.insertMany(
    Array.from({ length: count }, (_, i) =>
      testMonitorDocument({
        userId,
        name: `m${i}`,
        config: { type: "tcp", host: "127.0.0.1", port: 9, timeoutMs: 1_000 },
        intervalSeconds,
        retriesBeforeIncident,
        at: dueAt,
      }),
    ),
  );
}

function upResult(clock: Clock): CheckResult {
  return testCheckResult("up", clock.now(), { responseTimeMs: 3, httpStatus: null, reason: "connected" });
}

function loop(owner: string, clock: Clock, runCheck: RunCheck, recordOutcomes = createOutcomeRecorder({ db, clock })) {
  return createCheckLoop({
    db,
    clock,
    logger: testLogger(),
    owner,
    runCheck,
    recordOutcomes,
    concurrency: 100,
    tickMs: 10,
    batchSize: 1_000,
    flushMs: 60_000,
    leaseMarginMs: 5_000,
  });
}

function countingCheck(clock: Clock, counts: Map<string, number>): RunCheck {
  return async (monitor: ClaimedMonitor) => {
    const key = `${String(monitor._id)}@${monitor.nextDueAt.getTime()}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return upResult(clock);
  };
}

describe("check loop", () => {
  it("two scheduler instances never check one monitor twice for the same due time", async () => {
    const clock = manualClock(start);
    await createMonitors(60, start);
    const counts = new Map<string, number>();
    const a = loop("a", clock, countingCheck(clock, counts));
    const b = loop("b", clock, countingCheck(clock, counts));

    for (let round = 0; round < 3; round++) {
      await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
      await expect.poll(() => a.inFlightCount() + b.inFlightCount()).toBe(0);
      await Promise.all([a.flush(), b.flush()]);
      clock.advance(30_000);
    }

    expect(counts.size).toBe(60 * 3);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(await db.models.CheckResult.countDocuments({})).toBe(180);
  });

  it("schedules the next check on the monitor's grid, not from when the check finished", async () => {
    const clock = manualClock(start);
    await createMonitors(5, start);
    const slow: RunCheck = async () => {
      clock.set(new Date(start.getTime() + 7_000)); // a slow check must not push the schedule back
      return upResult(clock);
    };
    const instance = loop("a", clock, slow);
    await instance.tick();
    await expect.poll(() => instance.inFlightCount()).toBe(0);
    await instance.flush();
    const monitors = await db.models.Monitor.find({}).lean();
    for (const monitor of monitors) {
      const next = monitor.nextDueAt?.getTime() ?? 0;
      expect(next).toBeGreaterThan(clock.now().getTime());
      expect(next - start.getTime()).toBeLessThanOrEqual(7_000 + 30_000);
      // On the monitor's own grid: its stable offset plus whole intervals.
      expect((next - spreadOffsetMs(String(monitor._id), 30)) % 30_000).toBe(0);
      expect(monitor.lease.owner).toBeNull();
    }
    // Spread: five monitors do not share one start time.
    expect(new Set(monitors.map((m) => m.nextDueAt?.getTime())).size).toBeGreaterThan(1);
  });

  it("a crashed instance's monitors are checked by another once its lease expires, not before", async () => {
    const clock = manualClock(start);
    await createMonitors(10, start);
    const crashed = loop("crashed", clock, () => new Promise<CheckResult>(() => undefined));
    await crashed.tick(); // claims all ten, then "dies": nothing is ever written
    const counts = new Map<string, number>();
    const survivor = loop("survivor", clock, countingCheck(clock, counts));

    await survivor.tick();
    expect(counts.size).toBe(0);

    clock.advance(1_000 + 5_000 + 1); // the claims' lease: timeout + margin
    await survivor.tick();
    await expect.poll(() => survivor.inFlightCount()).toBe(0);
    await survivor.flush();
    expect(counts.size).toBe(10);
    expect(await db.models.CheckResult.countDocuments({})).toBe(10);
  });

  it("on shutdown a running check finishes and its result is written; the leases are given back", async () => {
    const clock = manualClock(start);
    await createMonitors(3, start);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const instance = loop("a", clock, async () => {
      await gate;
      return upResult(clock);
    });
    await instance.tick();
    expect(instance.inFlightCount()).toBe(3);
    const stopped = instance.stop(5_000);
    setTimeout(release, 50);
    await stopped;
    expect(await db.models.CheckResult.countDocuments({})).toBe(3);
    expect(await db.models.Monitor.countDocuments({ "lease.owner": "a" })).toBe(0);
  });

  it("on shutdown a check that outlives the bound is abandoned and its monitor is free for others at once", async () => {
    const clock = manualClock(start);
    await createMonitors(2, start);
    const hanging = loop("a", clock, (_monitor, signal) => {
      return new Promise<CheckResult>((resolve) => {
        signal.addEventListener("abort", () => resolve({ ...upResult(clock), status: "down", reason: "cancelled" }));
      });
    });
    await hanging.tick();
    await hanging.stop(50);
    expect(await db.models.CheckResult.countDocuments({})).toBe(0);
    const counts = new Map<string, number>();
    const other = loop("b", clock, countingCheck(clock, counts));
    await other.tick();
    await expect.poll(() => other.inFlightCount()).toBe(0);
    expect(counts.size).toBe(2);
  });
});

describe("check loop when writing results fails", () => {
  it("a batch whose write failed after its results were stored is retried without storing them twice", async () => {
    const clock = manualClock(start);
    await createMonitors(3, start);
    const record = createOutcomeRecorder({ db, clock });
    let failNext = true;
    // The connection drops after the results went in: the loop only sees the error, and retries.
    const recordOutcomes: RecordOutcomes = async (items) => {
      const recorded = await record(items);
      if (failNext) {
        failNext = false;
        throw new Error("connection closed");
      }
      return recorded;
    };
    const instance = loop("a", clock, countingCheck(clock, new Map()), recordOutcomes);
    await instance.tick();
    await expect.poll(() => instance.inFlightCount()).toBe(0);
    await instance.flush();
    await instance.flush();
    expect(failNext).toBe(false);
    expect(await db.models.CheckResult.countDocuments({})).toBe(3);
    expect(await db.models.Monitor.countDocuments({ status: "up", "lease.owner": null })).toBe(3);
  });

  it("a monitor whose result waits for the database is not checked again for that due time when its lease runs out", async () => {
    const clock = manualClock(start);
    await createMonitors(3, start);
    const record = createOutcomeRecorder({ db, clock });
    let databaseDown = true;
    const recordOutcomes: RecordOutcomes = async (items) => {
      if (databaseDown) throw new Error("connection refused");
      return record(items);
    };
    const counts = new Map<string, number>();
    const instance = loop("a", clock, countingCheck(clock, counts), recordOutcomes);
    await instance.tick();
    await expect.poll(() => instance.inFlightCount()).toBe(0);
    await instance.flush(); // fails: the outcomes stay buffered, the monitors keep their old due time

    clock.advance(1_000 + 5_000 + 1); // past the lease (timeout + margin): the monitors look due again
    await instance.tick();
    await expect.poll(() => instance.inFlightCount()).toBe(0);
    expect([...counts.values()]).toEqual([1, 1, 1]);

    databaseDown = false;
    await instance.flush();
    expect(await db.models.CheckResult.countDocuments({})).toBe(3);
    // Checks go on at the next due time.
    clock.advance(30_000);
    await instance.tick();
    await expect.poll(() => instance.inFlightCount()).toBe(0);
    await instance.flush();
    expect(counts.size).toBe(6);
    expect(await db.models.CheckResult.countDocuments({})).toBe(6);
  });
});

describe("check loop taking over from an instance killed mid-batch", () => {
  it("a result the dead instance stored without finishing its record is recorded, not measured a second time", async () => {
    const clock = manualClock(start);
    await createMonitors(4, start);
    const crashed = loop("crashed", clock, () => new Promise<CheckResult>(() => undefined));
    await crashed.tick();
    // It died inside its batch write: the results went in, the monitors' state did not.
    const monitors = await db.models.Monitor.find({}).lean();
    await db.models.CheckResult.insertMany(
      monitors.map((monitor) => ({ monitorId: monitor._id, userId: monitor.userId, ...upResult(clock) })),
    );

    const counts = new Map<string, number>();
    const survivor = loop("survivor", clock, countingCheck(clock, counts));
    clock.advance(1_000 + 5_000 + 1); // the dead instance's lease: timeout + margin
    await survivor.tick();
    await expect.poll(() => survivor.inFlightCount()).toBe(0);
    await survivor.flush();
    expect(counts.size).toBe(0);
    expect(await db.models.CheckResult.countDocuments({})).toBe(4);
    expect(await db.models.Monitor.countDocuments({ status: "up", lastCheckedAt: start })).toBe(4);
    const summaries = await db.models.DailySummary.find({ monitorId: { $in: monitors.map((m) => m._id) } }).lean();
    expect(summaries.map((summary) => summary.checks)).toEqual([1, 1, 1, 1]);
  });
});

describe("check loop under a clock that jumps", () => {
  it("summaries follow the owner's local day across midnight and DST, and a clock set back never re-checks early", async () => {
    const berlin = await insertTestUser(db, { timezone: "Europe/Berlin" });
    const clock = manualClock(new Date("2026-10-24T21:59:30Z")); // 23:59:30 in Berlin, summer time
    await createMonitors(1, clock.now(), { userId: berlin, intervalSeconds: 60, retriesBeforeIncident: 2 });
    let status: CheckResult["status"] = "up";
    const checkedAt: Date[] = [];
    const instance = loop("a", clock, async () => {
      checkedAt.push(clock.now());
      return status === "up" ? upResult(clock) : { ...upResult(clock), status, reason: "refused", errorCode: null };
    });
    const round = async () => {
      await instance.tick();
      await expect.poll(() => instance.inFlightCount()).toBe(0);
      await instance.flush();
    };

    await round();
    clock.set(new Date("2026-10-24T22:00:40Z")); // past local midnight: 00:00:40 on the 25th
    await round();
    clock.set(new Date("2026-10-25T01:30:00Z")); // 02:30 winter time, after the clocks went back
    status = "down";
    await instance.tick();
    await expect.poll(() => instance.inFlightCount()).toBe(0);
    clock.set(new Date("2026-10-25T00:30:00Z")); // then the clock is set back an hour before the write
    await instance.flush();
    clock.advance(30_000);
    await round();
    expect(checkedAt).toHaveLength(3); // the failure's re-check is due after that check, not 20 s after 00:30

    clock.set(new Date("2026-10-25T01:31:00Z"));
    await round(); // second failure: incident opened
    status = "up";
    clock.set(new Date("2026-10-25T01:32:30Z"));
    await round(); // recovered

    expect(checkedAt.map((at) => at.toISOString())).toEqual([
      "2026-10-24T21:59:30.000Z",
      "2026-10-24T22:00:40.000Z",
      "2026-10-25T01:30:00.000Z",
      "2026-10-25T01:31:00.000Z",
      "2026-10-25T01:32:30.000Z",
    ]);
    const summaries = await db.models.DailySummary.find({ userId: berlin }).sort({ day: 1 }).lean();
    expect(summaries.map(({ day, checks, failures }) => ({ day, checks, failures }))).toEqual([
      { day: "2026-10-24", checks: 1, failures: 0 },
      { day: "2026-10-25", checks: 4, failures: 2 },
    ]);
    expect(summaries.every((summary) => summary.downtimeSeconds >= 0)).toBe(true);
    const incident = await db.models.Incident.findOne({ userId: berlin }).lean();
    expect(incident).toMatchObject({ status: "resolved", durationSeconds: 90 });
  });
});
