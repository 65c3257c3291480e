import { manualClock } from "@pingpilot/domain";
import { Types } from "mongoose";
import { expect, it } from "vitest";
import { useDatabaseAndReceiver } from "../src/testing/index.ts";
import { createChannel, createMonitor, createUser, outboxFor, recordChecks, transportsFor } from "./outbox-fixtures.ts";

const { db, receiver } = await useDatabaseAndReceiver();
const clock = manualClock(new Date("2026-11-24T14:05:00Z"));

async function monitorWithWebhook() {
  const userId = await createUser(db, clock);
  const webhook = await createChannel(db, clock, userId, {
    type: "webhook",
    config: { url: `${receiver.url}/hooks/${userId.toString()}`, secret: "whsec_test" },
  });
  return { userId, webhook, monitorId: await createMonitor(db, clock, userId, [webhook]) };
}

it("an event stored with a payload that does not fit its type reaches nobody, and the other alerts still go out", async () => {
  const { userId, monitorId } = await monitorWithWebhook();
  const damaged = new Types.ObjectId();
  // Written by hand (or an older version): the opening of an incident without its reason or start.
  await db.models.MonitorEvent.collection.insertOne({
    _id: damaged,
    type: "incident_opened",
    monitorId,
    userId,
    incidentId: new Types.ObjectId(),
    occurredAt: clock.now(),
    payload: { note: "no reason, no start" },
    dedupeKey: `damaged:${damaged.toString()}`,
    dispatchedAt: null,
  });
  await recordChecks(db, clock, [monitorId], "down");

  await outboxFor(db, clock, transportsFor(clock, receiver.url)).run();

  const sent = receiver.requests.filter((request) => request.path.includes(userId.toString()));
  expect(sent).toHaveLength(1);
  expect(sent[0]?.body).toMatchObject({
    type: "incident.opened",
    data: { incident: { reason: "status 503, expected 200-299" } },
  });
  expect(await db.models.NotificationDelivery.countDocuments({ eventId: damaged })).toBe(0);
  expect((await db.models.MonitorEvent.findById(damaged).lean())?.dispatchedAt).toEqual(clock.now());
});

it("a delivery whose stored message is damaged fails at once with a clear error instead of sending made-up text", async () => {
  const { userId, webhook } = await monitorWithWebhook();
  const now = clock.now();
  const id = `damaged:${webhook.toString()}`;
  await db.models.NotificationDelivery.collection.insertOne({
    _id: id as unknown as Types.ObjectId,
    userId,
    channelId: webhook,
    channelType: "webhook",
    kind: "incident_opened",
    eventId: null,
    monitorId: null,
    incidentId: null,
    occurredAt: now,
    message: { kind: "incident_opened", at: now },
    status: "pending",
    groupId: null,
    stormSeq: null,
    attempts: 0,
    nextAttemptAt: now,
    lastError: null,
    log: [],
    sentAt: null,
    createdAt: now,
    updatedAt: now,
  });

  await outboxFor(db, clock, transportsFor(clock, receiver.url)).run();

  expect(receiver.requests.filter((request) => request.path.includes(userId.toString()))).toHaveLength(0);
  expect(await db.models.NotificationDelivery.findById(id).lean()).toMatchObject({
    status: "failed",
    attempts: 1,
    lastError: "the stored message is not a valid notification",
  });
});
