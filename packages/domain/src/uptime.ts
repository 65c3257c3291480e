import { CronExpressionParser } from "cron-parser";
import { emptyLatencyHistogram, mergeLatencyHistograms } from "./latency-histogram.ts";

/** The counters kept per monitor per day (see the daily_summaries collection), and their sums. */
export interface SummaryTotals {
  checks: number;
  successes: number;
  failures: number;
  degraded: number;
  downtimeSeconds: number;
  latencySum: number;
  latencyCount: number;
  latencyMin: number | null;
  latencyMax: number | null;
  histogram: number[];
}

export function emptySummaryTotals(): SummaryTotals {
  return {
    checks: 0,
    successes: 0,
    failures: 0,
    degraded: 0,
    downtimeSeconds: 0,
    latencySum: 0,
    latencyCount: 0,
    latencyMin: null,
    latencyMax: null,
    histogram: emptyLatencyHistogram(),
  };
}

function lowest(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}

function highest(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}

/** Adds one summary (a stored day, or totals computed from recent raw results) to running totals. */
export function addSummaryTotals(totals: SummaryTotals, summary: Partial<SummaryTotals>): SummaryTotals {
  return {
    checks: totals.checks + (summary.checks ?? 0),
    successes: totals.successes + (summary.successes ?? 0),
    failures: totals.failures + (summary.failures ?? 0),
    degraded: totals.degraded + (summary.degraded ?? 0),
    downtimeSeconds: totals.downtimeSeconds + (summary.downtimeSeconds ?? 0),
    latencySum: totals.latencySum + (summary.latencySum ?? 0),
    latencyCount: totals.latencyCount + (summary.latencyCount ?? 0),
    latencyMin: lowest(totals.latencyMin, summary.latencyMin ?? null),
    latencyMax: highest(totals.latencyMax, summary.latencyMax ?? null),
    histogram: mergeLatencyHistograms(totals.histogram, summary.histogram ?? []),
  };
}

/** Time-based uptime: the share of the period not covered by downtime, in percent; null for an empty period. */
export function uptimePercent(periodSeconds: number, downtimeSeconds: number): number | null {
  if (periodSeconds <= 0) return null;
  const down = Math.min(Math.max(downtimeSeconds, 0), periodSeconds);
  return ((periodSeconds - down) / periodSeconds) * 100;
}

/** Check-based availability: successful (up or degraded) checks over all checks, in percent. */
export function successPercent(successes: number, checks: number): number | null {
  return checks > 0 ? (successes / checks) * 100 : null;
}

export function averageLatency(latencySum: number, latencyCount: number): number | null {
  return latencyCount > 0 ? latencySum / latencyCount : null;
}

export interface TimeWindow {
  start: Date;
  end: Date;
}

/** Seconds of [start, end) inside the window. */
export function overlapSeconds(span: TimeWindow, window: TimeWindow): number {
  const start = Math.max(span.start.getTime(), window.start.getTime());
  const end = Math.min(span.end.getTime(), window.end.getTime());
  return end > start ? (end - start) / 1000 : 0;
}

/**
 * Downtime inside a window from incidents (an open incident lasts until `now`). Overlapping
 * incidents count once.
 */
export function downtimeInWindow(
  incidents: ReadonlyArray<{ startedAt: Date; endedAt: Date | null }>,
  window: TimeWindow,
  now: Date,
): number {
  const spans = incidents
    .map((incident) => ({ start: incident.startedAt.getTime(), end: (incident.endedAt ?? now).getTime() }))
    .sort((a, b) => a.start - b.start);
  let total = 0;
  let coveredUntil = Number.NEGATIVE_INFINITY;
  for (const span of spans) {
    const start = Math.max(span.start, coveredUntil);
    if (span.end > start) {
      total += overlapSeconds({ start: new Date(start), end: new Date(span.end) }, window);
      coveredUntil = span.end;
    }
  }
  return total;
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of an instant in a time zone, as "YYYY-MM-DD" (the daily summaries' key). */
export function dayKey(at: Date, timeZone: string): string {
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dayFormatters.set(timeZone, formatter);
  }
  return formatter.format(at);
}

/** The next local midnight after an instant, DST included (cron-parser knows the zone rules). */
export function nextMidnight(after: Date, timeZone: string): Date {
  return CronExpressionParser.parse("0 0 * * *", { tz: timeZone, currentDate: after }).next().toDate();
}

/**
 * Splits a downtime span over the owner's calendar days, so each day's summary gets its share:
 * [{ day: "2026-11-24", seconds: 600 }, { day: "2026-11-25", seconds: 1200 }].
 */
export function downtimeByDay(span: TimeWindow, timeZone: string): Array<{ day: string; seconds: number }> {
  const parts: Array<{ day: string; seconds: number }> = [];
  let cursor = span.start;
  while (cursor.getTime() < span.end.getTime()) {
    const boundary = nextMidnight(cursor, timeZone);
    const end = boundary.getTime() < span.end.getTime() ? boundary : span.end;
    parts.push({ day: dayKey(cursor, timeZone), seconds: (end.getTime() - cursor.getTime()) / 1000 });
    cursor = end;
  }
  return parts;
}
