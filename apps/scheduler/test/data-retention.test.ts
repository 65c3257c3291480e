import { loadConfig } from "@pingpilot/config";
import { testLogger, useTestDatabase } from "@pingpilot/db/testing";
import { manualClock } from "@pingpilot/domain";
import { Types } from "mongoose";
import { expect, it } from "vitest";
import { dataRetention } from "../src/jobs/data-retention.ts";
import { createJobRunner } from "../src/runner.ts";

const db = await useTestDatabase();

const day = 86_400_000;

it("deletes exactly the results, summaries, delivered events and claims that are past retention", async () => {
  const now = new Date("2026-09-15T12:00:00Z");
  const monitorId = new Types.ObjectId();
  const userId = new Types.ObjectId();
  const resultAges = [0, 1, 29.9, 30.1, 45, 365];
  await db.models.CheckResult.insertMany(
    resultAges.map((age) => ({
      monitorId,
      userId,
      checkedAt: new Date(now.getTime() - age * day),
      status: "up",
      reason: "ok",
    })),
  );
  const summaryDays = ["2026-09-15", "2025-08-12", "2025-08-10", "2024-01-01"];
  await db.models.DailySummary.insertMany(summaryDays.map((d) => ({ monitorId, userId, day: d, timezone: "UTC" })));
  const event = (age: number, dispatched: boolean, key: string) => ({
    type: "incident_resolved",
    monitorId,
    userId,
    occurredAt: new Date(now.getTime() - age * day),
    dispatchedAt: dispatched ? new Date(now.getTime() - age * day) : null,
    payload: {},
    dedupeKey: key,
  });
  await db.models.MonitorEvent.insertMany([
    event(40, true, "old-sent"),
    event(40, false, "old-unsent"),
    event(2, true, "new"),
  ]);

  const config = loadConfig({ NODE_ENV: "test", RESULT_RETENTION_DAYS: "30", SUMMARY_RETENTION_DAYS: "400" });
  const runner = createJobRunner({ config, db, logger: testLogger(), clock: manualClock(now), instanceId: "t" });
  const outcome = await runner.runNow(dataRetention);

  expect(outcome).toEqual({ status: "succeeded", counts: { results: 3, summaries: 2, events: 1, claims: 0 } });
  const left = await db.models.CheckResult.find({ monitorId }).lean();
  expect(left.map((r) => (now.getTime() - r.checkedAt.getTime()) / day).sort((a, b) => a - b)).toEqual([0, 1, 29.9]);
  expect((await db.models.DailySummary.find({ monitorId }).lean()).map((s) => s.day).sort()).toEqual([
    "2025-08-12",
    "2026-09-15",
  ]);
  // An event that was never delivered is kept, however old: the outbox still owes it.
  expect((await db.models.MonitorEvent.find({ monitorId }).lean()).map((e) => e.dedupeKey).sort()).toEqual([
    "new",
    "old-unsent",
  ]);
});
