import { describe, expect, it } from "vitest";
import { emptyLatencyHistogram, LATENCY_BUCKET_BOUNDS_MS, recordLatency } from "./latency-histogram.ts";
import { computeReportFigures, type ReportSummaryDay } from "./report-figures.ts";
import { addDays, lastCompletePeriod, startOfLocalDay } from "./report-period.ts";

const t = (iso: string) => new Date(iso);

describe("report periods", () => {
  it("a weekly report covers last Monday to Sunday in the user's time zone, compared with the week before", () => {
    // Wednesday 2026-11-25, 01:30 in Tokyo (still Tuesday in UTC).
    const { current, previous } = lastCompletePeriod("weekly", t("2026-11-24T16:30:00Z"), "Asia/Tokyo");
    expect(current.days).toEqual([
      "2026-11-16",
      "2026-11-17",
      "2026-11-18",
      "2026-11-19",
      "2026-11-20",
      "2026-11-21",
      "2026-11-22",
    ]);
    expect(current.start).toEqual(t("2026-11-15T15:00:00Z"));
    expect(current.end).toEqual(t("2026-11-22T15:00:00Z"));
    expect(previous.days[0]).toBe("2026-11-09");
    expect(previous.end).toEqual(current.start);
  });

  it("a week across a daylight-saving change is 167 hours long, and its days are still seven", () => {
    const { current } = lastCompletePeriod("weekly", t("2026-04-01T12:00:00Z"), "Europe/Berlin");
    expect(current.days).toHaveLength(7);
    expect(current.days[0]).toBe("2026-03-23");
    expect((current.end.getTime() - current.start.getTime()) / 3_600_000).toBe(167);
  });

  it("a monthly report covers the whole previous calendar month", () => {
    const { current, previous } = lastCompletePeriod("monthly", t("2026-03-10T00:00:00Z"), "UTC");
    expect(current.days[0]).toBe("2026-02-01");
    expect(current.days.at(-1)).toBe("2026-02-28");
    expect(previous.days).toHaveLength(31);
    expect(previous.days[0]).toBe("2026-01-01");
    expect(startOfLocalDay("2026-02-01", "America/New_York")).toEqual(t("2026-02-01T05:00:00Z"));
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
  });
});

function summary(monitorId: string, day: string, latencies: number[], failures = 0): ReportSummaryDay {
  let histogram = emptyLatencyHistogram();
  for (const latency of latencies) histogram = recordLatency(histogram, latency);
  return {
    monitorId,
    day,
    checks: latencies.length + failures,
    successes: latencies.length,
    failures,
    degraded: 0,
    downtimeSeconds: 0,
    latencySum: latencies.reduce((sum, value) => sum + value, 0),
    latencyCount: latencies.length,
    latencyMin: latencies.length ? Math.min(...latencies) : null,
    latencyMax: latencies.length ? Math.max(...latencies) : null,
    histogram,
  };
}

describe("report figures", () => {
  const current = {
    start: t("2026-11-16T00:00:00Z"),
    end: t("2026-11-23T00:00:00Z"),
    days: ["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21", "2026-11-22"],
  };
  const previous = {
    start: t("2026-11-09T00:00:00Z"),
    end: t("2026-11-16T00:00:00Z"),
    days: ["2026-11-09", "2026-11-10", "2026-11-11", "2026-11-12", "2026-11-13", "2026-11-14", "2026-11-15"],
  };
  const monitors = [
    { id: "a", name: "API", type: "http" },
    { id: "b", name: "DB", type: "tcp" },
  ];

  it("sums each monitor's days, clips incidents to the week, and compares with the week before", () => {
    const figures = computeReportFigures({
      monitors,
      summaries: [
        summary("a", "2026-11-16", [100, 100, 200], 1),
        summary("a", "2026-11-22", [300]),
        summary("a", "2026-11-23", [9_000]), // the day after: not in this report
        summary("a", "2026-11-10", [50, 50]),
        summary("b", "2026-11-17", [10, 20]),
      ],
      incidents: [
        // Started the week before: only its part inside this week counts here.
        {
          id: "i1",
          monitorId: "a",
          startedAt: t("2026-11-15T23:00:00Z"),
          endedAt: t("2026-11-16T01:00:00Z"),
          firstError: "x",
        },
        // Still open: lasts until the end of the week.
        { id: "i2", monitorId: "b", startedAt: t("2026-11-22T23:00:00Z"), endedAt: null, firstError: "refused" },
        // A monitor that no longer exists.
        { id: "i3", monitorId: "gone", startedAt: t("2026-11-18T00:00:00Z"), endedAt: null, firstError: "?" },
      ],
      current,
      previous,
      now: t("2026-11-24T08:00:00Z"),
    });

    const api = figures.monitors.find((monitor) => monitor.monitorId === "a");
    expect(api?.current).toMatchObject({ checks: 5, successes: 4, failures: 1, incidents: 1, downtimeSeconds: 3_600 });
    expect(api?.current.uptimePercent).toBeCloseTo(80);
    expect(api?.current.avgLatencyMs).toBeCloseTo(175);
    expect(api?.previous).toMatchObject({ checks: 2, incidents: 1, downtimeSeconds: 3_600, avgLatencyMs: 50 });
    expect(figures.monitors.find((monitor) => monitor.monitorId === "b")?.current).toMatchObject({
      checks: 2,
      incidents: 1,
      downtimeSeconds: 3_600,
    });

    expect(figures.current).toMatchObject({
      checks: 7,
      successes: 6,
      failures: 1,
      incidents: 2,
      downtimeSeconds: 7_200,
    });
    expect(figures.current.avgLatencyMs).toBeCloseTo((100 + 100 + 200 + 300 + 10 + 20) / 6);
    expect(figures.incidents.map((incident) => [incident.id, incident.monitorName, incident.downtimeSeconds])).toEqual([
      ["i1", "API", 3_600],
      ["i2", "DB", 3_600],
    ]);
  });

  it("estimates p95 from the histograms within one bucket of the exact value", () => {
    const latencies = Array.from({ length: 200 }, (_, index) => 20 + index * 5);
    const figures = computeReportFigures({
      monitors: [monitors[0] ?? { id: "a", name: "API", type: "http" }],
      summaries: [
        summary("a", "2026-11-18", latencies.slice(0, 100)),
        summary("a", "2026-11-19", latencies.slice(100)),
      ],
      incidents: [],
      current,
      previous,
      now: t("2026-11-24T08:00:00Z"),
    });
    const exact = [...latencies].sort((a, b) => a - b)[Math.ceil(0.95 * latencies.length) - 1] ?? 0;
    const p95 = figures.current.p95LatencyMs ?? 0;
    const bucketWidth = LATENCY_BUCKET_BOUNDS_MS.find((bound) => bound >= exact) ?? exact;
    expect(Math.abs(p95 - exact)).toBeLessThanOrEqual(bucketWidth * 0.25);
  });

  it("a week without checks has no uptime or latency rather than a misleading 0 % or 100 %", () => {
    const figures = computeReportFigures({
      monitors,
      summaries: [],
      incidents: [],
      current,
      previous,
      now: current.end,
    });
    expect(figures.current).toEqual({
      checks: 0,
      successes: 0,
      failures: 0,
      uptimePercent: null,
      incidents: 0,
      downtimeSeconds: 0,
      avgLatencyMs: null,
      p95LatencyMs: null,
    });
  });
});
