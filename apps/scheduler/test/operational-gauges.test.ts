import { insertTestMonitor, insertTestUser, testLogger, useTestDatabase } from "@pingpilot/db/testing";
import { manualClock } from "@pingpilot/domain";
import { createMetrics, type MetricsServer, startMetricsServer } from "@pingpilot/metrics";
import { Types } from "mongoose";
import { expect, it } from "vitest";
import { sampleGauges } from "../src/sample-gauges.ts";

const clock = manualClock(new Date("2026-11-25T10:00:00Z"));
const inSeconds = (n: number) => new Date(clock.now().getTime() + n * 1000);
const db = await useTestDatabase();

/** Scrapes one sample line (`name{labels}`) from the endpoint; undefined when absent. */
async function scrape(server: MetricsServer, series: string): Promise<number | undefined> {
  const text = await (await fetch(String(await server.listening))).text();
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function leaseTo(monitorId: Types.ObjectId, owner: string, expiresAt: Date): Promise<void> {
  await db.models.Monitor.updateOne({ _id: monitorId }, { $set: { lease: { owner, expiresAt } } });
}

/** Outbox rows as far as the backlog count cares (status and channel type), written straight to the collection. */
async function insertDeliveries(rows: Array<{ status: string; channelType: string }>): Promise<void> {
  await db.models.NotificationDelivery.collection.insertMany(
    rows.map((row) => ({ _id: new Types.ObjectId().toString(), userId: new Types.ObjectId(), ...row }) as never),
  );
}

it("the scheduler's metrics endpoint shows its leases, the due monitors nobody claimed and the outbox backlog by channel", async () => {
  const userId = await insertTestUser(db);
  const http = { type: "http", url: "https://example.test/" };
  await insertTestMonitor(db, { userId, type: "http", config: http, nextDueAt: inSeconds(-30) });
  await insertTestMonitor(db, { userId, type: "http", config: http, nextDueAt: inSeconds(-5) });
  await insertTestMonitor(db, { userId, type: "http", config: http, nextDueAt: inSeconds(60) });
  const mine = await insertTestMonitor(db, { userId, type: "http", config: http, nextDueAt: inSeconds(-1) });
  await leaseTo(mine, "gauges-a", inSeconds(20));
  const theirs = await insertTestMonitor(db, { userId, type: "http", config: http, nextDueAt: inSeconds(-1) });
  await leaseTo(theirs, "gauges-b", inSeconds(20));
  // A lease that ran out (its scheduler died): due again, and no longer held.
  const lapsed = await insertTestMonitor(db, { userId, type: "http", config: http, nextDueAt: inSeconds(-60) });
  await leaseTo(lapsed, "gauges-a", inSeconds(-10));
  await insertDeliveries([
    { status: "pending", channelType: "webhook" },
    { status: "pending", channelType: "webhook" },
    { status: "pending", channelType: "email" },
    { status: "sent", channelType: "email" },
    { status: "failed", channelType: "slack" },
  ]);

  const metrics = createMetrics();
  const server = await startMetricsServer({ metrics, host: "127.0.0.1", port: 0, logger: testLogger() });
  try {
    await sampleGauges({ db, clock, metrics, owner: "gauges-a" });
    expect(await scrape(server, "pingpilot_scheduler_leases_held")).toBe(1);
    expect(await scrape(server, "pingpilot_scheduler_due_unclaimed_monitors")).toBe(3);
    expect(await scrape(server, 'pingpilot_outbox_backlog{channel="webhook"}')).toBe(2);
    expect(await scrape(server, 'pingpilot_outbox_backlog{channel="email"}')).toBe(1);
    expect(await scrape(server, 'pingpilot_outbox_backlog{channel="slack"}')).toBe(0);

    // The backlog drains and the lease is released: the next sample says so (zeros, not stale numbers).
    await db.models.NotificationDelivery.updateMany({ status: "pending" }, { $set: { status: "sent" } });
    await leaseTo(mine, "", new Date(0));
    await db.models.Monitor.updateMany({}, { $set: { nextDueAt: inSeconds(300) } });
    await sampleGauges({ db, clock, metrics, owner: "gauges-a" });
    expect(await scrape(server, "pingpilot_scheduler_leases_held")).toBe(0);
    expect(await scrape(server, "pingpilot_scheduler_due_unclaimed_monitors")).toBe(0);
    expect(await scrape(server, 'pingpilot_outbox_backlog{channel="webhook"}')).toBe(0);
  } finally {
    await server.close();
  }
});
