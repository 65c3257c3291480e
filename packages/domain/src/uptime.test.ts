import { describe, expect, it } from "vitest";
import { recordLatency } from "./latency-histogram.ts";
import {
  addSummaryTotals,
  averageLatency,
  dayKey,
  downtimeByDay,
  downtimeInWindow,
  emptySummaryTotals,
  successPercent,
  uptimePercent,
} from "./uptime.ts";

const t = (iso: string) => new Date(iso);

describe("uptime maths", () => {
  it("computes time-based uptime, clamped to the period", () => {
    expect(uptimePercent(86_400, 864)).toBeCloseTo(99);
    expect(uptimePercent(86_400, 0)).toBe(100);
    expect(uptimePercent(86_400, 100_000)).toBe(0);
    expect(uptimePercent(0, 0)).toBeNull();
    expect(successPercent(999, 1_000)).toBeCloseTo(99.9);
    expect(successPercent(0, 0)).toBeNull();
  });

  it("sums daily summaries, keeping min/max and merging histograms", () => {
    const day1 = {
      checks: 10,
      successes: 9,
      failures: 1,
      latencySum: 900,
      latencyCount: 9,
      latencyMin: 50,
      latencyMax: 200,
      histogram: recordLatency([], 50),
    };
    const day2 = {
      checks: 5,
      successes: 5,
      latencySum: 500,
      latencyCount: 5,
      latencyMin: 20,
      latencyMax: 150,
      histogram: recordLatency([], 150),
    };
    const totals = addSummaryTotals(addSummaryTotals(emptySummaryTotals(), day1), day2);
    expect(totals).toMatchObject({ checks: 15, successes: 14, failures: 1, latencyMin: 20, latencyMax: 200 });
    expect(totals.histogram.reduce((a, b) => a + b, 0)).toBe(2);
    expect(averageLatency(totals.latencySum, totals.latencyCount)).toBeCloseTo(1400 / 14);
    expect(averageLatency(0, 0)).toBeNull();
  });

  it("counts downtime inside a window once, with open incidents lasting until now", () => {
    const window = { start: t("2026-11-25T00:00:00Z"), end: t("2026-11-26T00:00:00Z") };
    const now = t("2026-11-25T12:00:00Z");
    const incidents = [
      { startedAt: t("2026-11-24T23:50:00Z"), endedAt: t("2026-11-25T00:10:00Z") }, // 10 min inside
      { startedAt: t("2026-11-25T06:00:00Z"), endedAt: t("2026-11-25T06:30:00Z") }, // 30 min
      { startedAt: t("2026-11-25T06:20:00Z"), endedAt: t("2026-11-25T06:40:00Z") }, // overlaps: +10 min
      { startedAt: t("2026-11-25T11:55:00Z"), endedAt: null }, // open: 5 min until now
    ];
    expect(downtimeInWindow(incidents, window, now)).toBe((10 + 30 + 10 + 5) * 60);
  });

  it("names the day in the owner's time zone", () => {
    const instant = t("2026-11-25T23:30:00Z");
    expect(dayKey(instant, "UTC")).toBe("2026-11-25");
    expect(dayKey(instant, "Europe/Paris")).toBe("2026-11-26");
    expect(dayKey(instant, "America/Los_Angeles")).toBe("2026-11-25");
  });

  it("splits downtime over local days, including a 23-hour DST day", () => {
    expect(downtimeByDay({ start: t("2026-11-25T22:50:00Z"), end: t("2026-11-25T23:20:00Z") }, "Europe/Paris")).toEqual(
      [
        { day: "2026-11-25", seconds: 600 },
        { day: "2026-11-26", seconds: 1_200 },
      ],
    );
    // Europe/Paris moves to summer time on 2026-03-29: that local day has 23 hours.
    const parts = downtimeByDay({ start: t("2026-03-28T23:00:00Z"), end: t("2026-03-29T23:00:00Z") }, "Europe/Paris");
    expect(parts).toEqual([
      { day: "2026-03-29", seconds: 23 * 3600 },
      { day: "2026-03-30", seconds: 3600 },
    ]);
  });
});
