import { createClient, type MonitorView, type PingPilotClient } from "@pingpilot/client";
import { type CheckStatus, manualClock } from "@pingpilot/domain";
import { createOutcomeRecorder } from "@pingpilot/monitoring";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerUser } from "./auth-helpers.ts";
import { httpMonitorInput } from "./monitor-helpers.ts";
import { startTestApi, type TestApi } from "./test-server.ts";

/**
 * Known histories recorded through the scheduler's own outcome recorder (results, incidents, daily
 * summaries), then read back through the API. Every expected figure below is worked out by hand in
 * the comments: latency percentiles interpolate inside the domain's buckets (…, 5, 10, 15, 20, 25, 30,
 * 40, 50, 60, 80, 100, 125, 150, 200, 250, 300, … ms), clamped to the observed min and max.
 */
const now = new Date("2026-06-10T12:00:00.000Z");
const clock = manualClock(new Date("2026-04-01T00:00:00.000Z"));
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ clock, env: { RATE_LIMIT_REGISTER_PER_IP: "1000", RESULT_RETENTION_DAYS: "30" } });
});
afterAll(async () => api.stop());

async function signedIn(): Promise<{ client: PingPilotClient; userId: string }> {
  const user = await registerUser(api);
  const { key } = await user.client.apiKey.create.mutate({ name: "tests", scope: "full" });
  return { client: createClient({ url: api.url, apiKey: key }), userId: user.user.id };
}

type Step = [status: CheckStatus, latencyMs: number | null];

/** Records checks one minute apart from `start`, through the recorder, as the scheduler would. */
async function recordChecks(monitor: MonitorView, start: string, steps: Step[]): Promise<void> {
  const recorder = createOutcomeRecorder({ db: api.db, clock });
  for (const [index, [status, latency]] of steps.entries()) {
    const stored = await api.db.models.Monitor.findById(monitor.id).lean();
    if (!stored) throw new Error("monitor missing");
    const checkedAt = new Date(new Date(start).getTime() + index * 60_000);
    await recorder([
      {
        monitor: stored,
        result: {
          status,
          responseTimeMs: latency,
          httpStatus: status === "down" ? 503 : 200,
          reason: status === "down" ? "status 503" : "OK",
          errorCode: status === "down" ? "status" : null,
          certificate: null,
          checkedAt,
        },
      },
    ]);
  }
}

const up = (latency: number): Step => ["up", latency];
const down: Step = ["down", null];

describe("monitor statistics from known results", () => {
  let client: PingPilotClient;
  let monitor: MonitorView;
  beforeAll(async () => {
    clock.set(new Date("2026-04-01T00:00:00.000Z"));
    ({ client } = await signedIn());
    monitor = await client.monitor.create.mutate(httpMonitorInput({ name: "api", retriesBeforeIncident: 1 }));
    // 40 days ago: 8 up at 100 ms, 2 down in a row → an incident from 12:04 to 12:06 (120 s).
    await recordChecks(monitor, "2026-05-01T12:00:00Z", [
      up(100),
      up(100),
      up(100),
      up(100),
      down,
      down,
      ...Array.from({ length: 4 }, () => up(100)),
    ]);
    // 10 days ago: 4 up at 200 ms.
    await recordChecks(monitor, "2026-05-31T12:00:00Z", [up(200), up(200), up(200), up(200)]);
    // 3 days ago: 4 up at 300 ms.
    await recordChecks(monitor, "2026-06-07T12:00:00Z", [up(300), up(300), up(300), up(300)]);
    // Yesterday 06:00 (30 h ago, outside the last 24 h): 2 up at 50 ms.
    await recordChecks(monitor, "2026-06-09T06:00:00Z", [up(50), up(50)]);
    // Yesterday 18:00: up 20, up 40, down → an incident opens at 18:02.
    await recordChecks(monitor, "2026-06-09T18:00:00Z", [up(20), up(40), down]);
    // Today 08:00: 4 up and 1 degraded, all 10 ms; the first resolves the incident (18:02 → 08:00 = 50,280 s).
    await recordChecks(monitor, "2026-06-10T08:00:00Z", [up(10), up(10), up(10), up(10), ["degraded", 10]]);
    clock.set(now);
  });

  it("uptime, latency percentiles, incidents and downtime over 24 h / 7 d / 30 d / 90 d match the hand-computed figures", async () => {
    const stats = await client.monitor.stats.query({ id: monitor.id });
    expect(stats).toMatchObject({ monitorId: monitor.id, timezone: "UTC", generatedAt: now });

    // 24 h = raw results of yesterday after 12:00 (up 20, up 40, down) + today's summary (5 × 10 ms).
    // Latencies 10×5, 20, 40 (7): p50 rank 4 → bucket ≤10 → 9 clamped to min 10; p95/p99 rank 7 → bucket 30–40 → 40.
    expect(stats.windows["24h"]).toEqual({
      from: new Date("2026-06-09T12:00:00Z"),
      to: now,
      checks: 8,
      successes: 7,
      failures: 1,
      degraded: 1,
      uptimePercent: 87.5,
      downtimeSeconds: 50_280,
      incidents: 1,
      latency: { avgMs: 110 / 7, minMs: 10, maxMs: 40, p50Ms: 10, p95Ms: 40, p99Ms: 40 },
    });

    // 7 d = whole days 06-04..06-10: 300×4, 50×2, 20, 40, 10×5 (13 latencies) + 1 down = 14 checks.
    // p50 rank 7 → bucket 30–40 holds the 7th → 40; p95/p99 rank 13 → bucket 250–300 → 300.
    expect(stats.windows["7d"]).toMatchObject({
      checks: 14,
      successes: 13,
      failures: 1,
      downtimeSeconds: 50_280,
      incidents: 1,
      latency: { avgMs: 1_410 / 13, minMs: 10, maxMs: 300, p50Ms: 40, p95Ms: 300, p99Ms: 300 },
    });
    expect(stats.windows["7d"].uptimePercent).toBeCloseTo((13 / 14) * 100, 10);

    // 30 d adds 200×4: 17 latencies. p50 rank 9 → bucket 40–50 (2 values, 8th and 9th) → 50; p95 rank 17 → 300.
    expect(stats.windows["30d"]).toMatchObject({
      checks: 18,
      successes: 17,
      latency: { avgMs: 2_210 / 17, minMs: 10, maxMs: 300, p50Ms: 50, p95Ms: 300, p99Ms: 300 },
      incidents: 1,
    });
    expect(stats.windows["30d"].uptimePercent).toBeCloseTo((17 / 18) * 100, 10);

    // 90 d adds the day 40 days ago (8 × 100 ms, 2 down) from its summary: 25 latencies, 28 checks.
    // p50 rank 13 → bucket 80–100 (8 values, cumulative 9 before) → 80 + 20 × 4/8 = 90;
    // p95 rank 24 → bucket 250–300 (4 values, 21 before) → 250 + 50 × 3/4 = 287.5; p99 rank 25 → 300.
    expect(stats.windows["90d"]).toMatchObject({
      checks: 28,
      successes: 25,
      failures: 3,
      degraded: 1,
      downtimeSeconds: 50_400,
      incidents: 2,
      latency: { avgMs: 3_010 / 25, minMs: 10, maxMs: 300, p50Ms: 90, p95Ms: 287.5, p99Ms: 300 },
    });
    expect(stats.windows["90d"].uptimePercent).toBeCloseTo((25 / 28) * 100, 10);
  });

  it("daily summaries give one entry per calendar day, today last, with that day's share of the incident", async () => {
    const { days, timezone } = await client.monitor.dailySummaries.query({ id: monitor.id, days: 3 });
    expect(timezone).toBe("UTC");
    expect(days.map((day) => day.day)).toEqual(["2026-06-08", "2026-06-09", "2026-06-10"]);
    expect(days[0]).toMatchObject({ checks: 0, uptimePercent: null, downtimeSeconds: 0 });
    // 18:02 → midnight = 21,480 s of the incident; latencies 50, 50, 20, 40.
    expect(days[1]).toMatchObject({
      checks: 5,
      successes: 4,
      failures: 1,
      uptimePercent: 80,
      downtimeSeconds: 21_480,
      latency: { avgMs: 40, minMs: 20, maxMs: 50 },
    });
    // Midnight → 08:00 = 28,800 s.
    expect(days[2]).toMatchObject({
      checks: 5,
      successes: 5,
      degraded: 1,
      uptimePercent: 100,
      downtimeSeconds: 28_800,
    });
  });

  it("results come newest first within a time range, and incidents page newest first", async () => {
    const yesterday = await client.monitor.results.query({
      id: monitor.id,
      from: new Date("2026-06-09T00:00:00Z"),
      to: new Date("2026-06-10T00:00:00Z"),
    });
    expect(yesterday.items.map((result) => [result.status, result.responseTimeMs])).toEqual([
      ["down", null],
      ["up", 40],
      ["up", 20],
      ["up", 50],
      ["up", 50],
    ]);
    expect(yesterday.items[0]).toMatchObject({ httpStatus: 503, reason: "status 503", errorCode: "status" });

    const downOnly = await client.monitor.results.query({ id: monitor.id, status: "down" });
    expect(downOnly.items.map((result) => result.checkedAt.toISOString())).toEqual([
      "2026-06-09T18:02:00.000Z",
      "2026-05-01T12:05:00.000Z",
      "2026-05-01T12:04:00.000Z",
    ]);

    const first = await client.monitor.incidents.query({ id: monitor.id, limit: 1 });
    expect(first.items).toEqual([
      expect.objectContaining({
        status: "resolved",
        startedAt: new Date("2026-06-09T18:02:00Z"),
        durationSeconds: 50_280,
      }),
    ]);
    const second = await client.monitor.incidents.query({ id: monitor.id, limit: 1, cursor: first.nextCursor ?? "" });
    expect(second.items).toEqual([expect.objectContaining({ durationSeconds: 120, firstError: "status 503" })]);
    expect(second.nextCursor).toBeNull();
    expect((await client.monitor.incidents.query({ id: monitor.id, status: "open" })).items).toEqual([]);
  });

  it("the overview counts monitors by status, lists open incidents and ranks the worst uptime of the week", async () => {
    clock.set(new Date("2026-06-10T09:00:00Z"));
    const broken = await client.monitor.create.mutate(httpMonitorInput({ name: "broken", retriesBeforeIncident: 1 }));
    await recordChecks(broken, "2026-06-10T09:00:00Z", [up(30), down, down]);
    await client.monitor.create.mutate(httpMonitorInput({ name: "idle", paused: true }));
    clock.set(now);

    const overview = await client.monitor.overview.query();
    expect(overview.total).toBe(3);
    expect(overview.byStatus).toEqual({ pending: 0, up: 0, down: 1, paused: 1, degraded: 1 });
    expect(overview.openIncidents).toMatchObject({
      count: 1,
      latest: [
        { monitorId: broken.id, monitorName: "broken", status: "open", startedAt: new Date("2026-06-10T09:01:00Z") },
      ],
    });
    // broken: 1 of 3 checks succeeded; api: 13 of 14 over today and the 6 days before.
    expect(overview.worstUptime.map((entry) => [entry.name, entry.checks])).toEqual([
      ["broken", 3],
      ["api", 14],
    ]);
    expect(overview.worstUptime[0]?.uptimePercent).toBeCloseTo(100 / 3, 10);
  });
});

describe("calendar days follow the owner's time zone", () => {
  it("a check at 22:30 UTC counts for the next day in Berlin", async () => {
    clock.set(new Date("2026-06-09T12:00:00Z"));
    const { client } = await signedIn();
    await client.user.updateProfile.mutate({ timezone: "Europe/Berlin" });
    const monitor = await client.monitor.create.mutate(httpMonitorInput({ name: "berlin" }));
    await recordChecks(monitor, "2026-06-09T22:30:00Z", [up(25)]);
    clock.set(new Date("2026-06-10T06:00:00Z"));

    const { days, timezone } = await client.monitor.dailySummaries.query({ id: monitor.id, days: 2 });
    expect(timezone).toBe("Europe/Berlin");
    expect(days).toEqual([
      expect.objectContaining({ day: "2026-06-09", checks: 0 }),
      expect.objectContaining({ day: "2026-06-10", checks: 1, latency: expect.objectContaining({ avgMs: 25 }) }),
    ]);
  });
});
