import type { CheckStatus } from "./check-result.ts";
import { latencyBucketIndex, latencyPercentile } from "./latency-histogram.ts";
import type { LatencyStats, StatsWindowName, WindowStats } from "./monitor-views.ts";
import {
  addSummaryTotals,
  averageLatency,
  dayKey,
  downtimeInWindow,
  emptySummaryTotals,
  nextMidnight,
  type SummaryTotals,
  successPercent,
  type TimeWindow,
} from "./uptime.ts";

/** The rolling windows `monitor.stats` answers for, newest data last. */
export const statsWindows: ReadonlyArray<{ name: StatsWindowName; seconds: number }> = [
  { name: "24h", seconds: 86_400 },
  { name: "7d", seconds: 7 * 86_400 },
  { name: "30d", seconds: 30 * 86_400 },
  { name: "90d", seconds: 90 * 86_400 },
];

export interface ResultSample {
  status: CheckStatus;
  responseTimeMs: number | null;
}

/**
 * Raw results counted the way the daily summaries count them (see @pingpilot/monitoring): degraded is
 * a success, and only answers (not failures) have a latency, rounded to the millisecond.
 */
export function totalsOfResults(results: Iterable<ResultSample>): SummaryTotals {
  const totals = emptySummaryTotals();
  for (const { status, responseTimeMs } of results) {
    totals.checks += 1;
    if (status === "down") totals.failures += 1;
    else totals.successes += 1;
    if (status === "degraded") totals.degraded += 1;
    if (status !== "down" && responseTimeMs !== null) {
      const latency = Math.round(responseTimeMs);
      totals.latencySum += latency;
      totals.latencyCount += 1;
      totals.latencyMin = totals.latencyMin === null ? latency : Math.min(totals.latencyMin, latency);
      totals.latencyMax = totals.latencyMax === null ? latency : Math.max(totals.latencyMax, latency);
      const bucket = latencyBucketIndex(latency);
      totals.histogram[bucket] = (totals.histogram[bucket] ?? 0) + 1;
    }
  }
  return totals;
}

/** Sums any number of totals (stored days, raw-result edges). */
export function sumTotals(parts: Iterable<Partial<SummaryTotals>>): SummaryTotals {
  let totals = emptySummaryTotals();
  for (const part of parts) totals = addSummaryTotals(totals, part);
  return totals;
}

export function latencyStatsOf(totals: SummaryTotals): LatencyStats {
  const observed = { min: totals.latencyMin, max: totals.latencyMax };
  return {
    avgMs: averageLatency(totals.latencySum, totals.latencyCount),
    minMs: totals.latencyMin,
    maxMs: totals.latencyMax,
    p50Ms: latencyPercentile(totals.histogram, 50, observed),
    p95Ms: latencyPercentile(totals.histogram, 95, observed),
    p99Ms: latencyPercentile(totals.histogram, 99, observed),
  };
}

export interface IncidentSpan {
  startedAt: Date;
  /** Null (or missing) while open. */
  endedAt?: Date | null | undefined;
}

/** Incidents that overlap a window; an open one lasts until `now`. */
export function incidentsInWindow<T extends IncidentSpan>(incidents: readonly T[], window: TimeWindow, now: Date): T[] {
  return incidents.filter(
    (incident) =>
      incident.startedAt.getTime() < window.end.getTime() &&
      (incident.endedAt ?? now).getTime() > window.start.getTime(),
  );
}

/** One window's figures: counts and latency from `totals`, downtime and incident count from the incidents. */
export function windowStatsOf(input: {
  window: TimeWindow;
  totals: SummaryTotals;
  incidents: readonly IncidentSpan[];
  now: Date;
}): WindowStats {
  const { window, totals, now } = input;
  const overlapping = incidentsInWindow(input.incidents, window, now);
  return {
    from: window.start,
    to: window.end,
    checks: totals.checks,
    successes: totals.successes,
    failures: totals.failures,
    degraded: totals.degraded,
    uptimePercent: successPercent(totals.successes, totals.checks),
    downtimeSeconds: downtimeInWindow(
      overlapping.map((incident) => ({ startedAt: incident.startedAt, endedAt: incident.endedAt ?? null })),
      window,
      now,
    ),
    incidents: overlapping.length,
    latency: latencyStatsOf(totals),
  };
}

/** The local midnight that starts the calendar day of `at` in a time zone (DST-aware). */
export function startOfDay(at: Date, timeZone: string): Date {
  // Two days back is before the previous midnight whatever the zone's offset changes; walk forward.
  let midnight = nextMidnight(new Date(at.getTime() - 2 * 86_400_000), timeZone);
  for (;;) {
    const next = nextMidnight(midnight, timeZone);
    if (next.getTime() > at.getTime()) return midnight;
    midnight = next;
  }
}

export interface CalendarDay {
  /** YYYY-MM-DD, the daily summaries' key. */
  day: string;
  start: Date;
  end: Date;
}

/** The last `count` calendar days in a time zone, oldest first, the last one being today (ending at its midnight). */
export function recentCalendarDays(now: Date, timeZone: string, count: number): CalendarDay[] {
  const days: CalendarDay[] = [];
  let start = startOfDay(now, timeZone);
  let end = nextMidnight(start, timeZone);
  for (let index = 0; index < count; index++) {
    days.push({ day: dayKey(start, timeZone), start, end });
    end = start;
    start = startOfDay(new Date(start.getTime() - 1), timeZone);
  }
  return days.reverse();
}
