import { createClient } from "@pingpilot/client";
import { testCheckResult, testLogger } from "@pingpilot/db/testing";
import {
  type CheckResult,
  emptyLatencyHistogram,
  latencyPercentile,
  manualClock,
  mergeLatencyHistograms,
  type PeriodFigures,
} from "@pingpilot/domain";
import { createOutcomeRecorder, type MonitorSnapshot } from "@pingpilot/monitoring";
import { channelTransportsFromConfig, createOutbox, generateDueReports } from "@pingpilot/notifications";
import { type FakeReceiver, startFakeReceiver } from "@pingpilot/notifications/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearerClient, errorCodeOf, registerUser } from "./auth-helpers.ts";
import { httpMonitorInput } from "./monitor-helpers.ts";
import { startTestApi, type TestApi } from "./test-server.ts";

// Monday 2 November 2026, 00:00 in Berlin (UTC+1): the two weeks before the report are seeded hour by hour.
const seedStart = new Date("2026-11-01T23:00:00Z");
const clock = manualClock(seedStart);
let api: TestApi;
let receiver: FakeReceiver;

beforeAll(async () => {
  receiver = await startFakeReceiver();
  api = await startTestApi({
    clock,
    env: { RATE_LIMIT_REGISTER_PER_IP: "1000", RESEND_API_KEY: "re_test_key", RESEND_BASE_URL: receiver.url },
  });
});
afterAll(async () => {
  await api.stop();
  await receiver.close();
});

/** Latency of a check: varies by hour so averages and percentiles mean something. */
function latencyAt(monitorIndex: number, hour: number): number {
  return 40 + monitorIndex * 100 + ((hour * 37) % 250) + 0.4;
}

/** Monitor 0 is down 02:00–05:00 UTC on 4 November, and from 22:00 UTC on 15 November (still down when the week ends). */
function isDown(monitorIndex: number, at: Date): boolean {
  if (monitorIndex !== 0) return false;
  const t = at.getTime();
  const between = (from: string, to: string) => t >= Date.parse(from) && t < Date.parse(to);
  return (
    between("2026-11-04T02:00:00Z", "2026-11-04T05:00:00Z") || between("2026-11-15T22:00:00Z", "2026-11-16T00:00:00Z")
  );
}

function resultFor(monitorIndex: number, hour: number, at: Date): CheckResult {
  const down = isDown(monitorIndex, at);
  return testCheckResult(down ? "down" : "up", at, { responseTimeMs: down ? null : latencyAt(monitorIndex, hour) });
}

/** The figures of one window computed straight from what is stored: raw results, incidents, summaries. */
async function expectedFigures(monitorIds: string[], start: Date, end: Date, days: string[]): Promise<PeriodFigures> {
  const results = await api.db.models.CheckResult.find({
    monitorId: { $in: monitorIds },
    checkedAt: { $gte: start, $lt: end },
  }).lean();
  const answered = results.filter((result) => result.status !== "down" && result.responseTimeMs !== null);
  const latencies = answered.map((result) => Math.round(result.responseTimeMs ?? 0));
  const incidents = await api.db.models.Incident.find({ monitorId: { $in: monitorIds } }).lean();
  const overlapping = incidents.filter(
    (incident) => incident.startedAt < end && (incident.endedAt ?? clock.now()) > start,
  );
  const downtime = overlapping.reduce((sum, incident) => {
    const from = Math.max(incident.startedAt.getTime(), start.getTime());
    const to = Math.min((incident.endedAt ?? clock.now()).getTime(), end.getTime());
    return sum + Math.max(0, to - from) / 1000;
  }, 0);
  const summaries = await api.db.models.DailySummary.find({
    monitorId: { $in: monitorIds },
    day: { $in: days },
  }).lean();
  const histogram = mergeLatencyHistograms(emptyLatencyHistogram(), ...summaries.map((summary) => summary.histogram));
  const successes = results.length - results.filter((result) => result.status === "down").length;
  return {
    checks: results.length,
    successes,
    failures: results.length - successes,
    uptimePercent: (successes / results.length) * 100,
    incidents: overlapping.length,
    downtimeSeconds: downtime,
    avgLatencyMs: latencies.reduce((sum, value) => sum + value, 0) / latencies.length,
    p95LatencyMs: latencyPercentile(histogram, 95, { min: Math.min(...latencies), max: Math.max(...latencies) }),
  };
}

function expectFiguresEqual(actual: PeriodFigures | undefined, expected: PeriodFigures): void {
  expect(actual).toBeDefined();
  if (!actual) return;
  expect({ ...actual, uptimePercent: 0, avgLatencyMs: 0, p95LatencyMs: 0 }).toEqual({
    ...expected,
    uptimePercent: 0,
    avgLatencyMs: 0,
    p95LatencyMs: 0,
  });
  expect(actual.uptimePercent).toBeCloseTo(expected.uptimePercent ?? Number.NaN, 9);
  expect(actual.avgLatencyMs).toBeCloseTo(expected.avgLatencyMs ?? Number.NaN, 9);
  expect(actual.p95LatencyMs).toBeCloseTo(expected.p95LatencyMs ?? Number.NaN, 9);
}

describe("weekly reports", () => {
  it("last week's report shows the uptime, incidents, downtime and latency the stored data says, compared with the week before, and is emailed once", async () => {
    const registered = await registerUser(api);
    await registered.client.user.updateProfile.mutate({ timezone: "Europe/Berlin" });
    const monitors = [
      await registered.client.monitor.create.mutate(httpMonitorInput({ name: "Shop", retriesBeforeIncident: 1 })),
      await registered.client.monitor.create.mutate(httpMonitorInput({ name: "Search", retriesBeforeIncident: 1 })),
    ];
    const ids = monitors.map((monitor) => monitor.id);

    const record = createOutcomeRecorder({ db: api.db, clock });
    for (let hour = 0; hour < 14 * 24; hour++) {
      const at = new Date(seedStart.getTime() + hour * 3_600_000 + 60_000);
      clock.set(at);
      const snapshots = (await api.db.models.Monitor.find({ _id: { $in: ids } }).lean()) as MonitorSnapshot[];
      await record(
        snapshots.map((monitor) => ({ monitor, result: resultFor(ids.indexOf(String(monitor._id)), hour, at) })),
      );
    }

    // Monday 16 November, 10:00 in Berlin: last week's report is due (from REPORT_LOCAL_HOUR, 08:00).
    clock.set(new Date("2026-11-16T09:00:00Z"));
    const reportDeps = { db: api.db, clock, logger: testLogger(), config: api.config.notifications.reports };
    expect((await generateDueReports(reportDeps)).created).toBe(1);
    expect((await generateDueReports(reportDeps)).created).toBe(0);

    const { accessToken } = await createClient({ url: api.url }).auth.login.mutate({
      email: registered.email,
      password: registered.password,
      delivery: "body",
    });
    const client = bearerClient(api, accessToken);
    const page = await client.report.list.query();
    expect(page.items.map((item) => [item.kind, item.firstDay, item.lastDay])).toEqual([
      ["weekly", "2026-11-09", "2026-11-15"],
    ]);
    const report = await client.report.get.query({ id: page.items[0]?.id ?? "" });
    expect(report.periodStart).toEqual(new Date("2026-11-08T23:00:00Z"));
    expect(report.periodEnd).toEqual(new Date("2026-11-15T23:00:00Z"));

    const week = { start: report.periodStart, end: report.periodEnd };
    const weekDays = ["2026-11-09", "2026-11-10", "2026-11-11", "2026-11-12", "2026-11-13", "2026-11-14", "2026-11-15"];
    const before = { start: new Date("2026-11-01T23:00:00Z"), end: report.periodStart };
    const beforeDays = [
      "2026-11-02",
      "2026-11-03",
      "2026-11-04",
      "2026-11-05",
      "2026-11-06",
      "2026-11-07",
      "2026-11-08",
    ];
    expectFiguresEqual(report.figures.current, await expectedFigures(ids, week.start, week.end, weekDays));
    expectFiguresEqual(report.figures.previous, await expectedFigures(ids, before.start, before.end, beforeDays));
    for (const id of ids) {
      const monitor = report.figures.monitors.find((item) => item.monitorId === id);
      expectFiguresEqual(monitor?.current, await expectedFigures([id], week.start, week.end, weekDays));
      expectFiguresEqual(monitor?.previous, await expectedFigures([id], before.start, before.end, beforeDays));
    }
    // Spot checks against the seed: 3 hours down the week before, the last hour of this week down.
    expect(report.figures.previous).toMatchObject({ incidents: 1, downtimeSeconds: 3 * 3_600 });
    expect(report.figures.current).toMatchObject({ checks: 2 * 7 * 24, incidents: 1, downtimeSeconds: 3_540 });
    expect(report.figures.incidents).toHaveLength(1);
    // p95 comes from the summaries' histograms: within a bucket (~25 %) of the exact value of the raw results.
    const raw = await api.db.models.CheckResult.find({
      monitorId: { $in: ids },
      checkedAt: { $gte: week.start, $lt: week.end },
      status: "up",
    }).lean();
    const sorted = raw.map((result) => Math.round(result.responseTimeMs ?? 0)).sort((a, b) => a - b);
    const exactP95 = sorted[Math.ceil(0.95 * sorted.length) - 1] ?? 0;
    expect(Math.abs((report.figures.current.p95LatencyMs ?? 0) - exactP95)).toBeLessThanOrEqual(exactP95 * 0.25);

    // The email goes through the outbox to the account's address.
    const outbox = createOutbox({
      db: api.db,
      clock,
      logger: testLogger(),
      config: api.config.notifications,
      owner: "scheduler-test",
      transports: channelTransportsFromConfig(api.config, { clock, logger: testLogger() }),
    });
    await outbox.run();
    await outbox.run();
    const emails = receiver.messages().filter((request) => request.path === "/emails");
    expect(emails).toHaveLength(1);
    const email = emails[0]?.body as { to: string; subject: string; text: string; html: string };
    expect(email.to).toBe(registered.email);
    expect(email.subject).toBe("Your weekly report: 9 Nov 2026 – 15 Nov 2026");
    expect(email.text).toContain("Incidents: 1");
    expect(email.text).toContain("Shop:");
    expect(email.html).toContain(`${api.config.appUrl}/reports/`);

    const stranger = (await registerUser(api)).client;
    expect(await errorCodeOf(stranger.report.get.query({ id: report.id }))).toBe("NOT_FOUND");
    expect((await stranger.report.list.query()).items).toEqual([]);
  });
});
