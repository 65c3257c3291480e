import { manualClock } from "@pingpilot/domain";
import type { Types } from "mongoose";
import { describe, expect, it } from "vitest";
import { type ReceivedRequest, useDatabaseAndReceiver } from "../src/testing/index.ts";
import { createChannel, createMonitor, createUser, outboxFor, recordChecks, transportsFor } from "./outbox-fixtures.ts";

const { db, receiver } = await useDatabaseAndReceiver();
const clock = manualClock(new Date("2026-11-24T09:00:00Z"));
const stormRule = { threshold: 5, windowSeconds: 120 };

interface WebhookBody {
  type: string;
  data: { monitor?: { name: string }; items?: Array<{ type: string; monitor: { name: string } }> };
}

function webhooksOf(userId: Types.ObjectId): WebhookBody[] {
  return receiver.requests
    .filter((request: ReceivedRequest) => request.path.includes(userId.toString()))
    .map((request) => request.body as WebhookBody);
}

async function userWithMonitors(count: number, options: { reminderIntervalMinutes?: number } = {}) {
  const userId = await createUser(db, clock);
  const channel = await createChannel(db, clock, userId, {
    type: "webhook",
    config: { url: `${receiver.url}/hooks/${userId.toString()}`, secret: "s" },
    ...(options.reminderIntervalMinutes ? { reminderIntervalMinutes: options.reminderIntervalMinutes } : {}),
  });
  const monitors: Types.ObjectId[] = [];
  for (let index = 1; index <= count; index++) {
    monitors.push(await createMonitor(db, clock, userId, [channel], `Service ${String(index).padStart(2, "0")}`));
  }
  return { userId, channel, monitors };
}

describe("storm control", () => {
  it("when many monitors fail at once, the channel gets one grouped message listing all of them, and one for their recovery", async () => {
    const { userId, monitors } = await userWithMonitors(8);
    const outbox = outboxFor(db, clock, transportsFor(clock, receiver.url), { config: { storm: stormRule } });

    await recordChecks(db, clock, monitors, "down");
    await outbox.run();
    await outbox.run();
    let messages = webhooksOf(userId);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.type).toBe("incident.storm");
    expect(messages[0]?.data.items?.map((item) => item.monitor.name).sort()).toEqual(
      Array.from({ length: 8 }, (_, index) => `Service ${String(index + 1).padStart(2, "0")}`),
    );
    expect(await db.models.NotificationDelivery.countDocuments({ userId, status: "grouped" })).toBe(8);

    clock.advance(60_000);
    await recordChecks(db, clock, monitors, "up");
    await outbox.run();
    // At most one grouped message per channel per storm window: the recoveries wait for it to pass.
    expect(webhooksOf(userId)).toHaveLength(1);
    clock.advance(stormRule.windowSeconds * 1000);
    await outbox.run();
    messages = webhooksOf(userId);
    expect(messages).toHaveLength(2);
    expect(messages[1]?.data.items?.every((item) => item.type === "incident.resolved")).toBe(true);
    expect(messages[1]?.data.items).toHaveLength(8);
  });

  it("monitors failing one after another are alerted one by one up to the threshold, then grouped, and none is lost", async () => {
    const { userId, monitors } = await userWithMonitors(7);
    const outbox = outboxFor(db, clock, transportsFor(clock, receiver.url), { config: { storm: stormRule } });
    for (const monitor of monitors) {
      await recordChecks(db, clock, [monitor], "down");
      await outbox.run();
      clock.advance(10_000);
    }
    clock.advance(stormRule.windowSeconds * 1000);
    await outbox.run();

    const messages = webhooksOf(userId);
    const single = messages.filter((message) => message.type === "incident.opened");
    const grouped = messages.filter((message) => message.type === "incident.storm");
    expect(single.map((message) => message.data.monitor?.name)).toEqual([
      "Service 01",
      "Service 02",
      "Service 03",
      "Service 04",
    ]);
    // The fifth failure starts the storm: its message goes out at once; the next ones wait for the window.
    expect(grouped.map((message) => message.data.items?.map((item) => item.monitor.name))).toEqual([
      ["Service 05"],
      ["Service 06", "Service 07"],
    ]);
    const everyAlert = [
      ...single.map((message) => message.data.monitor?.name),
      ...grouped.flatMap((message) => message.data.items?.map((item) => item.monitor.name) ?? []),
    ].sort();
    expect(everyAlert).toEqual(Array.from({ length: 7 }, (_, index) => `Service 0${index + 1}`));
  });
});

describe("alert policy", () => {
  it("during a maintenance window alerts are recorded as suppressed and nothing is sent, not even the recovery after it", async () => {
    const { userId, monitors } = await userWithMonitors(1);
    const windowEnd = clock.now().getTime() + 30 * 60_000;
    const outbox = outboxFor(db, clock, transportsFor(clock, receiver.url), {
      maintenance: { isSuppressed: async (query) => query.at.getTime() < windowEnd },
    });
    await recordChecks(db, clock, monitors, "down");
    await outbox.run();
    expect(webhooksOf(userId)).toHaveLength(0);
    expect(await db.models.NotificationDelivery.findOne({ userId }).lean()).toMatchObject({
      status: "suppressed",
      kind: "incident_opened",
    });

    // The window is over when the monitor recovers: nobody heard of the outage, so no "back up" either.
    clock.advance(45 * 60_000);
    await recordChecks(db, clock, monitors, "up");
    await outbox.run();
    expect(webhooksOf(userId)).toHaveLength(0);
    expect(await db.models.NotificationDelivery.countDocuments({ userId, status: "suppressed" })).toBe(2);

    // The next outage, outside any window, is alerted as usual.
    clock.advance(60_000);
    await recordChecks(db, clock, monitors, "down");
    await outbox.run();
    expect(webhooksOf(userId).map((message) => message.type)).toEqual(["incident.opened"]);
  });

  it("a channel asking for reminders hears again every interval while the incident stays open, and not after it resolves", async () => {
    const { userId, monitors } = await userWithMonitors(1, { reminderIntervalMinutes: 30 });
    const outbox = outboxFor(db, clock, transportsFor(clock, receiver.url));
    await recordChecks(db, clock, monitors, "down");
    await outbox.run();
    clock.advance(29 * 60_000);
    await outbox.run();
    expect(webhooksOf(userId).map((message) => message.type)).toEqual(["incident.opened"]);

    clock.advance(2 * 60_000);
    await outbox.run();
    await outbox.run();
    clock.advance(30 * 60_000);
    await outbox.run();
    await recordChecks(db, clock, monitors, "up");
    clock.advance(45 * 60_000);
    await outbox.run();
    expect(webhooksOf(userId).map((message) => message.type)).toEqual([
      "incident.opened",
      "incident.reminder",
      "incident.reminder",
      "incident.resolved",
    ]);
  });

  it("channels without a reminder setting get no reminders", async () => {
    const { userId, monitors } = await userWithMonitors(1);
    const outbox = outboxFor(db, clock, transportsFor(clock, receiver.url));
    await recordChecks(db, clock, monitors, "down");
    await outbox.run();
    clock.advance(24 * 3_600_000);
    await outbox.run();
    expect(webhooksOf(userId).map((message) => message.type)).toEqual(["incident.opened"]);
  });
});
