import { connectDatabase } from "@pingpilot/db";
import { testLogger } from "@pingpilot/db/testing";
import { manualClock } from "@pingpilot/domain";
import { describe, expect, it } from "vitest";
import type { ChannelTransports } from "../src/channels/channel-transports.ts";
import { fanOutEvents } from "../src/outbox/fan-out-events.ts";
import { sendDelivery } from "../src/outbox/send-due-deliveries.ts";
import { useDatabaseAndReceiver } from "../src/testing/index.ts";
import {
  createChannel,
  createMonitor,
  createUser,
  notificationsConfig,
  outboxFor,
  recordChecks,
  transportsFor,
} from "./outbox-fixtures.ts";

const { db, receiver } = await useDatabaseAndReceiver();
const clock = manualClock(new Date("2026-11-24T14:05:00Z"));

/** A user with one monitor alerting one webhook and one email channel. */
async function setUp(options: { email?: boolean } = {}) {
  const userId = await createUser(db, clock, "Europe/Paris");
  const webhook = await createChannel(db, clock, userId, {
    type: "webhook",
    config: { url: `${receiver.url}/hooks/${userId.toString()}`, secret: "whsec_test" },
  });
  const channels = [webhook];
  if (options.email)
    channels.push(await createChannel(db, clock, userId, { type: "email", config: { to: "ops@example.test" } }));
  const monitorId = await createMonitor(db, clock, userId, channels);
  return { userId, webhook, monitorId };
}

function requestsFor(userId: { toString(): string }) {
  return receiver.requests.filter(
    (request) => request.path.includes(userId.toString()) || JSON.stringify(request.body).includes("ops@example.test"),
  );
}

describe("reliable delivery", () => {
  it("an incident that opens and then resolves reaches every channel exactly once per transition, however often the outbox runs", async () => {
    const { userId, monitorId } = await setUp({ email: true });
    const outbox = outboxFor(db, clock, transportsFor(clock, receiver.url));

    await recordChecks(db, clock, [monitorId], "down");
    await outbox.run();
    await outbox.run();
    clock.advance(5 * 60_000);
    await recordChecks(db, clock, [monitorId], "down"); // still down: no new transition
    await recordChecks(db, clock, [monitorId], "up");
    await outbox.run();
    await outbox.run();

    const seen = requestsFor(userId);
    const webhooks = seen.filter((request) => request.path.startsWith("/hooks/"));
    const emails = seen.filter((request) => request.path === "/emails");
    expect(webhooks.map((request) => (request.body as { type: string }).type)).toEqual([
      "incident.opened",
      "incident.resolved",
    ]);
    expect(emails.map((request) => (request.body as { subject: string }).subject)).toEqual([
      "Checkout API is down",
      "Checkout API is back up",
    ]);
    const recovered = emails[1]?.body as { text: string; html: string };
    expect(recovered.text).toContain("Downtime: 5 min");
    // 14:05 UTC is 15:05 in Paris: times are in the owner's time zone.
    expect(recovered.text).toContain("15:05");
    expect(recovered.html).toContain("https://app.pingpilot.test/monitors/");
    expect(emails[0]?.headers["idempotency-key"]).toMatch(/^[0-9a-f]{24}:[0-9a-f]{24}$/);
  });

  it("a receiver answering 500 gets the same alert again after a backoff, and the person sees it once", async () => {
    const { userId } = await setUp();
    const outbox = outboxFor(db, clock, transportsFor(clock, receiver.url));
    const [monitorId] = (await db.models.Monitor.find({ userId }, { _id: 1 }).lean()).map((monitor) => monitor._id);
    if (!monitorId) throw new Error("no monitor");
    const base = notificationsConfig().retry.baseMs;

    receiver.respond({ status: 500 });
    await recordChecks(db, clock, [monitorId], "down");
    await outbox.run();
    const afterFailure = await db.models.NotificationDelivery.findOne({ userId }).lean();
    expect(afterFailure).toMatchObject({ status: "pending", attempts: 1, lastError: expect.stringContaining("500") });
    // Attempt 1 failed: wait base × 2^0, with the test's fixed jitter (half fixed + 0.5 × half).
    expect(afterFailure?.nextAttemptAt?.getTime()).toBe(clock.now().getTime() + base * 0.75);

    await outbox.run(); // not due yet: nothing is sent
    expect(requestsFor(userId)).toHaveLength(1);

    clock.advance(base);
    await outbox.run();
    const requests = requestsFor(userId);
    expect(requests).toHaveLength(2);
    expect(requests[1]?.key).toBe(requests[0]?.key);
    expect(requests[1]?.headers["x-pingpilot-attempt"]).toBe("2");
    expect(receiver.messages().filter((message) => message.path.includes(userId.toString()))).toHaveLength(1);
    expect(await db.models.NotificationDelivery.findOne({ userId }).lean()).toMatchObject({
      status: "sent",
      attempts: 2,
    });
  });

  it("a receiver that does not answer in time is retried after a longer backoff each time", async () => {
    const { userId, monitorId } = await setUp();
    const outbox = outboxFor(db, clock, transportsFor(clock, receiver.url), { config: { sendTimeoutMs: 300 } });
    const base = notificationsConfig().retry.baseMs;

    receiver.respond("hang", "hang");
    await recordChecks(db, clock, [monitorId], "down");
    await outbox.run();
    let delivery = await db.models.NotificationDelivery.findOne({ userId }).lean();
    expect(delivery).toMatchObject({ status: "pending", attempts: 1, lastError: "timeout after 300 ms" });
    expect(delivery?.nextAttemptAt?.getTime()).toBe(clock.now().getTime() + base * 0.75);

    clock.advance(base);
    await outbox.run();
    delivery = await db.models.NotificationDelivery.findOne({ userId }).lean();
    expect(delivery).toMatchObject({ status: "pending", attempts: 2, lastError: "timeout after 300 ms" });
    // Attempt 2 failed: twice the wait.
    expect(delivery?.nextAttemptAt?.getTime()).toBe(clock.now().getTime() + base * 1.5);

    clock.advance(2 * base);
    await outbox.run();
    delivery = await db.models.NotificationDelivery.findOne({ userId }).lean();
    expect(delivery).toMatchObject({ status: "sent", attempts: 3 });
    expect(delivery?.log.map((entry) => entry.ok)).toEqual([false, false, true]);
  });

  it("a crash between sending and recording it does not reach the person twice: the retry carries the same key", async () => {
    const { userId, monitorId } = await setUp({ email: true });
    const real = transportsFor(clock, receiver.url);
    const crash = (error: string) => {
      throw new Error(error);
    };
    // Scheduler A sends, then dies before it can record that it did.
    const crashing: ChannelTransports = {
      ...real,
      email: { type: "email", send: async (s, r) => crash(`crashed after ${(await real.email.send(s, r)).ok}`) },
      webhook: { type: "webhook", send: async (s, r) => crash(`crashed after ${(await real.webhook.send(s, r)).ok}`) },
    };
    await recordChecks(db, clock, [monitorId], "down");
    await outboxFor(db, clock, crashing, { owner: "scheduler-a" }).run();
    expect(requestsFor(userId)).toHaveLength(2);
    const stuck = await db.models.NotificationDelivery.find({ userId }).lean();
    expect(stuck.map((delivery) => [delivery.status, delivery.attempts])).toEqual([
      ["pending", 0],
      ["pending", 0],
    ]);

    // Scheduler B takes over once A's lease has expired.
    const healthy = outboxFor(db, clock, real, { owner: "scheduler-b" });
    await healthy.run();
    expect(requestsFor(userId)).toHaveLength(2); // A's claim is still live: B waits
    const config = notificationsConfig();
    clock.advance(config.sendTimeoutMs + config.leaseMarginMs + 1);
    await healthy.run();

    const requests = requestsFor(userId);
    expect(requests).toHaveLength(4);
    const keys = requests.map((request) => request.key);
    expect(new Set(keys).size).toBe(2);
    expect(receiver.messages().filter((message) => requests.includes(message))).toHaveLength(2);
    const done = await db.models.NotificationDelivery.find({ userId }).lean();
    expect(done.map((delivery) => [delivery.status, delivery.attempts])).toEqual([
      ["sent", 2],
      ["sent", 2],
    ]);
  });

  it("two scheduler instances sending at the same time never send one delivery twice", async () => {
    const userId = await createUser(db, clock);
    const channels = [
      await createChannel(db, clock, userId, {
        type: "webhook",
        config: { url: `${receiver.url}/hooks/${userId}/a`, secret: "s" },
      }),
      await createChannel(db, clock, userId, {
        type: "webhook",
        config: { url: `${receiver.url}/hooks/${userId}/b`, secret: "s" },
      }),
    ];
    const monitors = [];
    for (let index = 0; index < 15; index++)
      monitors.push(await createMonitor(db, clock, userId, channels, `Service ${index}`));
    await recordChecks(db, clock, monitors, "down");

    const second = await connectDatabase({ uri: db.uri, dbName: db.dbName, poolSize: 5 }, testLogger());
    try {
      const config = { storm: { threshold: 1_000, windowSeconds: 120 }, sendConcurrency: 5 };
      const a = outboxFor(db, clock, transportsFor(clock, receiver.url), { owner: "scheduler-a", config });
      const b = outboxFor(second, clock, transportsFor(clock, receiver.url), { owner: "scheduler-b", config });
      for (let round = 0; round < 3; round++) await Promise.all([a.run(), b.run(), a.run(), b.run()]);
    } finally {
      await second.close();
    }

    const requests = requestsFor(userId);
    expect(requests).toHaveLength(30);
    expect(new Set(requests.map((request) => request.key)).size).toBe(30);
    expect(await db.models.NotificationDelivery.countDocuments({ userId, status: "sent", attempts: 1 })).toBe(30);
  });

  it("of two senders racing for the very same delivery, exactly one sends it", async () => {
    const userId = await createUser(db, clock);
    const channel = await createChannel(db, clock, userId, {
      type: "webhook",
      config: { url: `${receiver.url}/hooks/${userId}`, secret: "s" },
    });
    const monitors = [];
    for (let index = 0; index < 10; index++)
      monitors.push(await createMonitor(db, clock, userId, [channel], `Race ${index}`));
    await recordChecks(db, clock, monitors, "down");
    await fanOutEvents({
      db,
      clock,
      batchSize: 100,
      storm: { threshold: 1_000, windowSeconds: 120 },
      maintenance: { isSuppressed: async () => false },
    });
    const second = await connectDatabase({ uri: db.uri, dbName: db.dbName, poolSize: 5 }, testLogger());
    const config = notificationsConfig();
    const sender = (database: typeof db | typeof second, owner: string) => ({
      db: database,
      clock,
      logger: testLogger(),
      transports: transportsFor(clock, receiver.url),
      owner,
      sendTimeoutMs: config.sendTimeoutMs,
      leaseMarginMs: config.leaseMarginMs,
      retry: config.retry,
      batchSize: 100,
      concurrency: 1,
      random: () => 0.5,
    });
    try {
      const deliveries = await db.models.NotificationDelivery.find({ userId }, { _id: 1 }).lean();
      expect(deliveries).toHaveLength(10);
      const results = await Promise.all(
        deliveries.map((delivery) =>
          Promise.all([
            sendDelivery(sender(db, "scheduler-a"), delivery._id, 0),
            sendDelivery(sender(second, "scheduler-b"), delivery._id, 0),
          ]),
        ),
      );
      for (const pair of results) expect([...pair].sort()).toEqual(["sent", "skipped"]);
    } finally {
      await second.close();
    }
    expect(requestsFor(userId)).toHaveLength(10);
  });

  it("a delivery that keeps failing is marked failed after the last attempt and stays in the channel's log", async () => {
    const { userId, monitorId } = await setUp();
    const outbox = outboxFor(db, clock, transportsFor(clock, receiver.url), {
      config: { retry: { baseMs: 1_000, maxMs: 60_000, maxAttempts: 3 } },
    });
    receiver.respond({ status: 503 }, { status: 503 }, { status: 503 });
    await recordChecks(db, clock, [monitorId], "down");
    for (let run = 0; run < 5; run++) {
      await outbox.run();
      clock.advance(60_000);
    }
    expect(requestsFor(userId)).toHaveLength(3);
    const delivery = await db.models.NotificationDelivery.findOne({ userId }).lean();
    expect(delivery).toMatchObject({
      status: "failed",
      attempts: 3,
      lastError: expect.stringContaining("gave up after 3 attempts"),
    });
    expect(delivery?.log.map((entry) => entry.statusCode)).toEqual([503, 503, 503]);
  });

  it("a refusal that cannot get better (404) fails at once instead of retrying", async () => {
    const { userId, monitorId } = await setUp();
    receiver.respond({ status: 404, body: "no such hook" });
    await recordChecks(db, clock, [monitorId], "down");
    await outboxFor(db, clock, transportsFor(clock, receiver.url)).run();
    expect(await db.models.NotificationDelivery.findOne({ userId }).lean()).toMatchObject({
      status: "failed",
      attempts: 1,
      lastError: "answered 404: no such hook",
    });
  });

  it("a channel whose URL points at a private address is never contacted", async () => {
    const userId = await createUser(db, clock);
    const channel = await createChannel(db, clock, userId, {
      type: "webhook",
      config: { url: "http://10.20.30.40/hook", secret: "s" },
    });
    const monitorId = await createMonitor(db, clock, userId, [channel]);
    await recordChecks(db, clock, [monitorId], "down");
    await fanOutEvents({
      db,
      clock,
      batchSize: 100,
      storm: { threshold: 5, windowSeconds: 120 },
      maintenance: { isSuppressed: async () => false },
    });
    await outboxFor(db, clock, transportsFor(clock, receiver.url)).run();
    expect(await db.models.NotificationDelivery.findOne({ userId }).lean()).toMatchObject({
      status: "failed",
      lastError: expect.stringContaining("private address"),
    });
  });
});
