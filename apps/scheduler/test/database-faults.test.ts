import { loadConfig } from "@pingpilot/config";
import { connectDatabase, type Database } from "@pingpilot/db";
import {
  type DisposableDatabaseServer,
  insertTestMonitor,
  insertTestUser,
  startDisposableDatabaseServer,
  testLogger,
} from "@pingpilot/db/testing";
import { type CheckStatus, monitorConfigSchema, systemClock } from "@pingpilot/domain";
import { createOutcomeRecorder, type RecordOutcomes } from "@pingpilot/monitoring";
import type { Types } from "mongoose";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type RunningScheduler, startScheduler } from "../src/start-scheduler.ts";
import { type HttpTarget, startHttpTarget } from "./targets.ts";

// A FerretDB of this file's own: pausing or killing the run's shared server would break other files.
let server: DisposableDatabaseServer;
let db: Database;
let target: HttpTarget;
let targetStatus = 200;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  server = await startDisposableDatabaseServer();
  db = await connectDatabase({ uri: server.uri, dbName: "faults", poolSize: 10 }, testLogger());
  await db.ensureIndexes();
  target = await startHttpTarget({ status: () => targetStatus });
  process.on("unhandledRejection", onUnhandled);
});
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await target?.close();
  await db?.close();
  await server?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const key = (monitorId: unknown, at: Date) => `${String(monitorId)}@${at.getTime()}`;
const MONITORS = 4;

/** Waits until every monitor has a stored result checked after `since` (with the status, when given). */
async function untilEachMonitorChecked(ids: Types.ObjectId[], since: Date, status?: CheckStatus): Promise<void> {
  await expect
    .poll(
      async () => {
        const filter = { checkedAt: { $gt: since }, ...(status ? { status } : {}) };
        const checked = await db.models.CheckResult.distinct("monitorId", filter);
        return ids.every((id) => checked.some((seen) => String(seen) === String(id)));
      },
      { timeout: 30_000, interval: 250 },
    )
    .toBe(true);
}

it("the database stalled, then killed and restarted under a running scheduler: nothing lost, nothing doubled, checks resume", async () => {
  const userId = await insertTestUser(db);
  const ids: Types.ObjectId[] = [];
  for (let i = 0; i < MONITORS; i++) {
    const config = monitorConfigSchema.parse({ type: "http", name: `m${i}`, url: target.url, timeoutMs: 1_000 });
    ids.push(await insertTestMonitor(db, { userId, type: "http", config, intervalSeconds: 2 }));
  }

  // What the scheduler measured, started and was told was stored, seen through its own hooks.
  const started = new Map<string, number>();
  const measured = new Set<string>();
  const reportedWritten = new Set<string>();
  const record = createOutcomeRecorder({ db, clock: systemClock });
  const recordOutcomes: RecordOutcomes = async (items) => {
    const recorded = await record(items);
    for (const item of items) reportedWritten.add(key(item.monitor._id, item.result.checkedAt));
    return recorded;
  };
  const config = loadConfig({
    NODE_ENV: "test",
    MONITOR_ADDRESS_ALLOWLIST: "127.0.0.1/32",
    SCHEDULER_TICK_MS: "100",
    CHECK_FLUSH_MS: "100",
    // Lease = timeout (1 s) + 1 s: the stall and the outage below both outlast it.
    CHECK_LEASE_MARGIN_MS: "1000",
    SCHEDULER_INSTANCE_ID: "faults",
  });
  let scheduler: RunningScheduler | undefined = startScheduler({
    config,
    db,
    logger: testLogger(),
    clock: systemClock,
    recordOutcomes,
    onCheckStarted: (monitor) => {
      const due = key(monitor._id, monitor.nextDueAt);
      started.set(due, (started.get(due) ?? 0) + 1);
    },
    onCheckFinished: (monitor, result) => {
      measured.add(key(monitor._id, result.checkedAt));
    },
  });

  try {
    await untilEachMonitorChecked(ids, new Date(0), "up");

    // Down, and the database stalls (SIGSTOP) for 4 s while outages are being recorded.
    targetStatus = 503;
    const downSince = new Date();
    await sleep(1_000);
    server.pause();
    await sleep(4_000);
    server.resume();
    const resumedAt = new Date();
    await untilEachMonitorChecked(ids, resumedAt, "down");
    // The results of a batch go in before its incidents: wait for the rest of the batch.
    await expect.poll(() => db.models.Incident.countDocuments({ status: "open" }), { timeout: 10_000 }).toBe(MONITORS);

    // Up again, then the database dies (SIGKILL) for 4 s and comes back on the same port and data.
    targetStatus = 200;
    await untilEachMonitorChecked(ids, new Date(), "up");
    await server.kill();
    await sleep(4_000);
    await server.restart();
    const restartedAt = new Date();
    await untilEachMonitorChecked(ids, restartedAt, "up");

    // A second outage after the restart: incidents still open and resolve once each.
    targetStatus = 503;
    await untilEachMonitorChecked(ids, new Date(), "down");
    targetStatus = 200;
    await untilEachMonitorChecked(ids, new Date(), "up");
    await scheduler.stop(5_000);
    scheduler = undefined;

    const results = await db.models.CheckResult.find({}, { monitorId: 1, checkedAt: 1 }).lean();
    const stored = new Map<string, number>();
    for (const result of results) {
      const at = key(result.monitorId, result.checkedAt);
      stored.set(at, (stored.get(at) ?? 0) + 1);
    }
    // No result lost: every one reported as written (and every one measured) is stored, once; and no
    // monitor was checked twice for one due time, though its lease expired during both faults.
    expect({
      lostAfterReportedWritten: [...reportedWritten].filter((at) => !stored.has(at)),
      lostAfterMeasured: [...measured].filter((at) => !stored.has(at)),
      storedTwice: [...stored].filter(([, count]) => count > 1),
      checkedTwiceForOneDueTime: [...started].filter(([, count]) => count > 1),
    }).toEqual({ lostAfterReportedWritten: [], lostAfterMeasured: [], storedTwice: [], checkedTwiceForOneDueTime: [] });
    expect(results.length).toBe(started.size);

    // Incidents follow the target: two outages, so two incidents per monitor, both resolved.
    for (const id of ids) {
      const incidents = await db.models.Incident.find({ monitorId: id }).sort({ startedAt: 1 }).lean();
      expect(incidents.map((incident) => incident.status)).toEqual(["resolved", "resolved"]);
      expect(incidents[0]?.startedAt.getTime()).toBeGreaterThanOrEqual(downSince.getTime());
      expect(incidents[1]?.startedAt.getTime()).toBeGreaterThan(restartedAt.getTime());
    }
    expect(await db.models.Monitor.countDocuments({ status: "up", "lease.owner": null })).toBe(MONITORS);
    expect(unhandled).toEqual([]);
  } finally {
    await scheduler?.stop(5_000);
  }
}, 120_000);
