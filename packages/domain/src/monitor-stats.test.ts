import { describe, expect, it } from "vitest";
import {
  incidentsInWindow,
  latencyStatsOf,
  recentCalendarDays,
  startOfDay,
  sumTotals,
  totalsOfResults,
  windowStatsOf,
} from "./monitor-stats.ts";

describe("calendar days in a time zone", () => {
  it("a day starts at local midnight, DST days included", () => {
    expect(startOfDay(new Date("2026-03-29T12:00:00Z"), "Europe/Berlin")).toEqual(new Date("2026-03-28T23:00:00Z"));
    expect(startOfDay(new Date("2026-03-28T23:00:00Z"), "Europe/Berlin")).toEqual(new Date("2026-03-28T23:00:00Z"));
    expect(startOfDay(new Date("2026-06-10T03:00:00Z"), "America/New_York")).toEqual(new Date("2026-06-09T04:00:00Z"));
  });

  it("the last days end with today, and the spring-forward day lasts 23 hours", () => {
    const days = recentCalendarDays(new Date("2026-03-30T12:00:00Z"), "Europe/Berlin", 3);
    expect(days.map((day) => day.day)).toEqual(["2026-03-28", "2026-03-29", "2026-03-30"]);
    const [, springForward] = days;
    expect((springForward?.end.getTime() ?? 0) - (springForward?.start.getTime() ?? 0)).toBe(23 * 3_600_000);
  });
});

describe("stats maths", () => {
  it("raw results count like summaries: degraded succeeds, failures have no latency", () => {
    const totals = totalsOfResults([
      { status: "up", responseTimeMs: 10.4 },
      { status: "degraded", responseTimeMs: 30 },
      { status: "down", responseTimeMs: 10_000 },
      { status: "up", responseTimeMs: null },
    ]);
    expect(totals).toMatchObject({
      checks: 4,
      successes: 3,
      failures: 1,
      degraded: 1,
      latencySum: 40,
      latencyCount: 2,
    });
    expect(latencyStatsOf(totals)).toMatchObject({ avgMs: 20, minMs: 10, maxMs: 30 });
    expect(sumTotals([totals, totals]).checks).toBe(8);
  });

  it("downtime is the incidents' overlap with the window; an open incident lasts until now", () => {
    const now = new Date("2026-06-10T12:00:00Z");
    const window = { start: new Date("2026-06-10T00:00:00Z"), end: now };
    const incidents = [
      { startedAt: new Date("2026-06-09T23:00:00Z"), endedAt: new Date("2026-06-10T01:00:00Z") },
      { startedAt: new Date("2026-06-08T00:00:00Z"), endedAt: new Date("2026-06-08T01:00:00Z") },
      { startedAt: new Date("2026-06-10T11:30:00Z"), endedAt: null },
    ];
    expect(incidentsInWindow(incidents, window, now)).toHaveLength(2);
    const stats = windowStatsOf({ window, totals: sumTotals([]), incidents, now });
    expect(stats).toMatchObject({ downtimeSeconds: 3_600 + 1_800, incidents: 2, checks: 0, uptimePercent: null });
  });
});
