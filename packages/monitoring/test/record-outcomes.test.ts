import { insertTestMonitor, insertTestUser, testCheckResult, useTestDatabase } from "@pingpilot/db/testing";
import { type CheckResult, manualClock } from "@pingpilot/domain";
import type { Types } from "mongoose";
import { describe, expect, it } from "vitest";
import type { MonitorSnapshot } from "../src/outcome-to-record.ts";
import { createOutcomeRecorder } from "../src/record-outcomes.ts";

const db = await useTestDatabase();
const clock = manualClock(new Date("2026-03-10T10:00:00Z"));

async function createMonitor(options: { timezone?: string; retries?: number; warningDays?: number } = {}) {
  const now = clock.now();
  const userId = await insertTestUser(db, { timezone: options.timezone ?? "UTC", at: now });
  return insertTestMonitor(db, {
    userId,
    name: "api",
    config: { type: "http", url: "https://api.example.test/", tlsExpiryWarningDays: options.warningDays ?? 14 },
    retriesBeforeIncident: options.retries ?? 2,
    at: now,
  });
}

async function snapshot(id: Types.ObjectId): Promise<MonitorSnapshot> {
  const monitor = await db.models.Monitor.findById(id).lean();
  if (!monitor) throw new Error("monitor missing");
  return monitor as MonitorSnapshot;
}

function result(status: CheckResult["status"], at: Date, responseTimeMs: number | null = 120): CheckResult {
  return testCheckResult(status, at, { responseTimeMs });
}

describe("recording check outcomes", () => {
  it("opens an incident only after the retries, resolves it after the successes, and stores one event each", async () => {
    const id = await createMonitor({ retries: 2 });
    const record = createOutcomeRecorder({ db, clock });
    const start = clock.now().getTime();
    const statuses: CheckResult["status"][] = ["up", "down", "down", "down", "up"];
    for (const [index, status] of statuses.entries()) {
      await record([{ monitor: await snapshot(id), result: result(status, new Date(start + index * 60_000)) }]);
      if (index === 1) {
        expect(await db.models.Incident.countDocuments({ monitorId: id })).toBe(0);
      }
      if (index === 2) {
        expect(await db.models.Incident.countDocuments({ monitorId: id, status: "open" })).toBe(1);
        expect((await snapshot(id)).status).toBe("down");
      }
    }

    expect(await db.models.CheckResult.countDocuments({ monitorId: id })).toBe(5);
    const incidents = await db.models.Incident.find({ monitorId: id }).lean();
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ status: "resolved", durationSeconds: 120 });
    expect(incidents[0]?.startedAt).toEqual(new Date(start + 2 * 60_000));
    const events = await db.models.MonitorEvent.find({ monitorId: id }).sort({ occurredAt: 1 }).lean();
    expect(events.map((event) => event.type)).toEqual(["incident_opened", "incident_resolved"]);
    expect(events[1]?.payload).toMatchObject({ durationSeconds: 120 });

    const monitor = await snapshot(id);
    expect(monitor).toMatchObject({
      status: "up",
      consecutiveFailures: 0,
      consecutiveSuccesses: 1,
      openIncidentId: null,
    });
  });

  it("keeps the owner's daily summary equal to the raw results, in the owner's time zone", async () => {
    // 23:30 UTC on 10 March is already 11 March in Tokyo.
    const id = await createMonitor({ timezone: "Asia/Tokyo", retries: 1 });
    const record = createOutcomeRecorder({ db, clock });
    const at = (minutes: number) => new Date(Date.UTC(2026, 2, 10, 23, 30 + minutes));
    await record([{ monitor: await snapshot(id), result: result("up", at(0), 100) }]);
    await record([{ monitor: await snapshot(id), result: result("up", at(1), 300) }]);
    await record([{ monitor: await snapshot(id), result: result("down", at(2), null) }]);
    await record([{ monitor: await snapshot(id), result: result("down", at(3), null) }]);
    await record([{ monitor: await snapshot(id), result: result("degraded", at(4), 50) }]);

    const days = await db.models.DailySummary.find({ monitorId: id }).lean();
    expect(days).toHaveLength(1);
    const day = days[0];
    expect(day).toMatchObject({
      day: "2026-03-11",
      timezone: "Asia/Tokyo",
      checks: 5,
      successes: 3,
      failures: 2,
      degraded: 1,
      latencySum: 450,
      latencyCount: 3,
      latencyMin: 50,
      latencyMax: 300,
      // Down from the first failure (incident opened at once): two one-minute steps until recovery.
      downtimeSeconds: 120,
    });
    expect(day?.histogram.reduce((sum, count) => sum + count, 0)).toBe(3);

    const raw = await db.models.CheckResult.find({ monitorId: id }).lean();
    expect(raw.length).toBe(day?.checks);
    expect(raw.filter((r) => r.status !== "down").length).toBe(day?.successes);
  });

  it("warns once per certificate that enters the warning window, and again for a renewed one", async () => {
    const id = await createMonitor({ warningDays: 14 });
    const record = createOutcomeRecorder({ db, clock });
    const now = clock.now();
    const expiring = new Date(now.getTime() + 5 * 86_400_000);
    const withCertificate = (expiresAt: Date, minutes: number): CheckResult => ({
      ...result("up", new Date(now.getTime() + minutes * 60_000)),
      certificate: { expiresAt, issuer: "Test CA", subject: "api.example.test" },
    });
    await record([{ monitor: await snapshot(id), result: withCertificate(expiring, 0) }]);
    await record([{ monitor: await snapshot(id), result: withCertificate(expiring, 1) }]);
    const renewed = new Date(now.getTime() + 10 * 86_400_000);
    await record([{ monitor: await snapshot(id), result: withCertificate(renewed, 2) }]);

    const warnings = await db.models.MonitorEvent.find({ monitorId: id, type: "certificate_expiring" }).lean();
    expect(warnings).toHaveLength(2);
    expect(warnings.map((w) => (w.payload as { daysRemaining: number }).daysRemaining).sort()).toEqual([5, 9]);
  });

  it("leaves the monitor alone when this scheduler instance no longer holds its lease, but keeps the result", async () => {
    const id = await createMonitor();
    await db.models.Monitor.updateOne({ _id: id }, { $set: { lease: { owner: "other", expiresAt: new Date(8e15) } } });
    const record = createOutcomeRecorder({ db, clock });
    await record([{ monitor: await snapshot(id), result: result("up", clock.now()), leaseOwner: "me" }]);
    expect(await db.models.CheckResult.countDocuments({ monitorId: id })).toBe(1);
    expect((await snapshot(id)).status).toBe("pending");
  });
});
