import { loadConfig } from "@pingpilot/config";
import { insertTestMonitor, insertTestUser, testCheckResult, testLogger } from "@pingpilot/db/testing";
import { manualClock } from "@pingpilot/domain";
import { createOutcomeRecorder, type MonitorSnapshot } from "@pingpilot/monitoring";
import { useDatabaseAndReceiver } from "@pingpilot/notifications/testing";
import type { Types } from "mongoose";
import { describe, expect, it } from "vitest";
import { notificationOutbox } from "../src/jobs/notification-outbox.ts";
import { notificationReports } from "../src/jobs/notification-reports.ts";
import { pruneNotifications } from "../src/jobs/prune-notifications.ts";
import { createJobRunner } from "../src/runner.ts";

const { db, receiver } = await useDatabaseAndReceiver();
const clock = manualClock(new Date("2026-11-24T08:00:00Z"));

function runnerWith(env: Record<string, string>, instanceId: string) {
  return createJobRunner({
    config: loadConfig({ NODE_ENV: "test", SCHEDULER_INSTANCE_ID: instanceId, ...env }),
    db,
    logger: testLogger(),
    clock,
    instanceId,
  });
}

async function check(monitorId: Types.ObjectId, status: "up" | "down"): Promise<void> {
  const monitor = (await db.models.Monitor.findById(monitorId).lean()) as MonitorSnapshot;
  const result =
    status === "up"
      ? testCheckResult("up", clock.now(), { responseTimeMs: 80 })
      : testCheckResult("down", clock.now(), {
          responseTimeMs: null,
          httpStatus: null,
          reason: "connection refused",
          errorCode: "connection_refused",
        });
  await createOutcomeRecorder({ db, clock })([{ monitor, result }]);
}

async function channelsFor(userId: Types.ObjectId) {
  const now = clock.now();
  const base = { userId, createdAt: now, updatedAt: now };
  const email = await db.models.NotificationChannel.create({
    ...base,
    name: "Inbox",
    type: "email",
    config: { to: "oncall@example.test" },
  });
  const webhook = await db.models.NotificationChannel.create({
    ...base,
    name: "Hook",
    type: "webhook",
    config: { url: `${receiver.url}/hook/${userId.toString()}`, secret: "whsec_x" },
  });
  return [email._id, webhook._id];
}

describe("notification jobs", () => {
  it("the scheduler's outbox job sends exactly one email and one webhook per incident transition", async () => {
    const userId = await insertTestUser(db);
    const monitorId = await insertTestMonitor(db, {
      userId,
      type: "tcp",
      config: { type: "tcp", host: "db.example.test", port: 5432 },
    });
    await db.models.Monitor.updateOne({ _id: monitorId }, { $set: { channelIds: await channelsFor(userId) } });
    const env = { RESEND_API_KEY: "re_test", RESEND_BASE_URL: receiver.url, MONITOR_ADDRESS_ALLOWLIST: "127.0.0.1/32" };
    const a = runnerWith(env, "scheduler-a");
    const b = runnerWith(env, "scheduler-b");

    await check(monitorId, "down");
    await Promise.all([a.runNow(notificationOutbox), b.runNow(notificationOutbox)]);
    await a.runNow(notificationOutbox);
    clock.advance(90_000);
    await check(monitorId, "down");
    await check(monitorId, "up");
    await Promise.all([a.runNow(notificationOutbox), b.runNow(notificationOutbox)]);
    await b.runNow(notificationOutbox);

    const emails = receiver.requests.filter((request) => request.path === "/emails");
    const hooks = receiver.requests.filter((request) => request.path.startsWith(`/hook/${userId.toString()}`));
    expect(emails.map((request) => (request.body as { subject: string }).subject)).toEqual([
      expect.stringMatching(/is down$/),
      expect.stringMatching(/is back up$/),
    ]);
    expect(hooks.map((request) => (request.body as { type: string }).type)).toEqual([
      "incident.opened",
      "incident.resolved",
    ]);
    const recovery = hooks[1]?.body as { data: { incident: { durationSeconds: number } } } | undefined;
    expect(recovery?.data.incident.durationSeconds).toBe(90);
    const runs = await db.models.JobRun.find({ job: "notification-outbox", status: "succeeded" }).lean();
    expect(runs.reduce((sum, run) => sum + Number((run.counts as Record<string, number>).sent ?? 0), 0)).toBe(4);
  });

  it("without a Resend key, alert emails are written to the log instead and count as delivered", async () => {
    const userId = await insertTestUser(db);
    const monitorId = await insertTestMonitor(db, {
      userId,
      type: "tcp",
      config: { type: "tcp", host: "db.example.test", port: 5432 },
    });
    const [email] = await channelsFor(userId);
    await db.models.Monitor.updateOne({ _id: monitorId }, { $set: { channelIds: [email] } });
    const before = receiver.requests.length;

    await check(monitorId, "down");
    await runnerWith({}, "scheduler-dev").runNow(notificationOutbox);

    expect(receiver.requests.length).toBe(before);
    const delivery = await db.models.NotificationDelivery.findOne({ userId }).lean();
    expect(delivery).toMatchObject({ status: "sent", attempts: 1 });
    expect(delivery?.log[0]?.error).toBe("logged, not sent (no RESEND_API_KEY)");
  });

  it("the reports job and the clean-up job run on their own schedules without errors", async () => {
    const runner = runnerWith({}, "scheduler-c");
    const reports = await runner.runNow(notificationReports);
    expect(reports.status).toBe("succeeded");
    clock.advance(200 * 86_400_000);
    const pruned = await runner.runNow(pruneNotifications);
    expect(pruned).toMatchObject({
      status: "succeeded",
      counts: { deliveries: expect.any(Number), claims: expect.any(Number) },
    });
    // Every finished delivery of the earlier tests is past the 90-day retention now.
    expect(await db.models.NotificationDelivery.countDocuments({ status: "sent" })).toBe(0);
    expect(await db.models.NotificationClaim.countDocuments()).toBe(0);
  });
});
