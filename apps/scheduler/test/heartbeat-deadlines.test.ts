import { loadConfig } from "@pingpilot/config";
import { insertTestMonitor, insertTestUser, testLogger, useTestDatabase } from "@pingpilot/db/testing";
import { manualClock } from "@pingpilot/domain";
import { expect, it } from "vitest";
import { heartbeatDeadlines } from "../src/jobs/heartbeat-deadlines.ts";
import { createJobRunner } from "../src/runner.ts";

const db = await useTestDatabase();

const heartbeatConfig = { type: "heartbeat", schedule: { kind: "period", periodSeconds: 3600 }, graceSeconds: 300 };

it("a heartbeat monitor whose deadline passed without a ping goes down and opens an incident at once", async () => {
  const now = new Date("2026-07-01T08:00:00Z");
  const clock = manualClock(now);
  const userId = await insertTestUser(db);
  const late = await insertTestMonitor(db, {
    userId,
    type: "heartbeat",
    config: heartbeatConfig,
    retriesBeforeIncident: 3,
    nextDueAt: null,
    lastPingAt: new Date(now.getTime() - 3_900_001),
    deadlineAt: new Date(now.getTime() - 1),
  });
  const onTime = await insertTestMonitor(db, {
    userId,
    type: "heartbeat",
    config: heartbeatConfig,
    nextDueAt: null,
    deadlineAt: new Date(now.getTime() + 60_000),
  });

  const runner = createJobRunner({
    config: loadConfig({ NODE_ENV: "test" }),
    db,
    logger: testLogger(),
    clock,
    instanceId: "t",
  });
  expect(await runner.runNow(heartbeatDeadlines)).toEqual({ status: "succeeded", counts: { overdue: 1 } });

  const lateMonitor = await db.models.Monitor.findById(late).lean();
  expect(lateMonitor).toMatchObject({ status: "down", deadlineAt: null });
  expect(lateMonitor?.lastResult?.errorCode).toBe("heartbeat_missed");
  expect(await db.models.Incident.countDocuments({ monitorId: late, status: "open" })).toBe(1);
  expect(await db.models.MonitorEvent.countDocuments({ monitorId: late, type: "incident_opened" })).toBe(1);
  expect((await db.models.Monitor.findById(onTime).lean())?.status).toBe("pending");

  // Nothing more happens until the next ping sets a new deadline: no repeated verdicts.
  clock.advance(30_000);
  expect(await runner.runNow(heartbeatDeadlines)).toEqual({ status: "succeeded", counts: { overdue: 0 } });
  expect(await db.models.CheckResult.countDocuments({ monitorId: late })).toBe(1);
});
