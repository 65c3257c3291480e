import { loadConfig } from "@pingpilot/config";
import { insertTestMonitor, insertTestUser, testLogger, useTestDatabase } from "@pingpilot/db/testing";
import { monitorConfigSchema, systemClock } from "@pingpilot/domain";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startScheduler } from "../src/start-scheduler.ts";
import { closedPort, type HttpTarget, startHttpTarget } from "./targets.ts";

const db = await useTestDatabase();
let target: HttpTarget;
beforeAll(async () => {
  target = await startHttpTarget();
});
afterAll(async () => target.close());

it("checks real targets on schedule: a healthy site is up, a refused port opens an incident with its reason", async () => {
  const userId = await insertTestUser(db);
  const web = await insertTestMonitor(db, {
    userId,
    type: "http",
    config: monitorConfigSchema.parse({ type: "http", name: "web", url: target.url, keyword: { value: "OK" } }),
  });
  const port = await closedPort();
  const tcp = await insertTestMonitor(db, {
    userId,
    type: "tcp",
    config: monitorConfigSchema.parse({ type: "tcp", name: "db", host: "127.0.0.1", port }),
  });
  const config = loadConfig({
    NODE_ENV: "test",
    MONITOR_ADDRESS_ALLOWLIST: "127.0.0.1/32",
    SCHEDULER_TICK_MS: "50",
    CHECK_FLUSH_MS: "50",
    SCHEDULER_INSTANCE_ID: "e2e",
  });
  const scheduler = startScheduler({ config, db, logger: testLogger(), clock: systemClock, jobs: [] });
  try {
    await expect
      .poll(async () => db.models.Monitor.countDocuments({ lastCheckedAt: { $ne: null } }), { timeout: 15_000 })
      .toBe(2);
  } finally {
    await scheduler.stop(5_000);
  }

  const webMonitor = await db.models.Monitor.findById(web).lean();
  expect(webMonitor?.status).toBe("up");
  expect(webMonitor?.lastResult?.httpStatus).toBe(200);
  expect(webMonitor?.nextDueAt?.getTime()).toBeGreaterThan(Date.now());

  const tcpMonitor = await db.models.Monitor.findById(tcp).lean();
  expect(tcpMonitor?.status).toBe("down");
  expect(tcpMonitor?.lastResult).toMatchObject({ reason: "connection refused", errorCode: "connection_refused" });
  const incident = await db.models.Incident.findOne({ monitorId: tcp }).lean();
  expect(incident).toMatchObject({ status: "open", firstError: "connection refused" });
  expect(await db.models.MonitorEvent.countDocuments({ monitorId: tcp, type: "incident_opened" })).toBe(1);
  expect(await db.models.DailySummary.countDocuments({ monitorId: { $in: [web, tcp] } })).toBe(2);
});
