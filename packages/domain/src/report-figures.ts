import { latencyPercentile } from "./latency-histogram.ts";
import type { MonitorReportFigures, PeriodFigures, ReportFigures, ReportIncident } from "./report.ts";
import {
  addSummaryTotals,
  averageLatency,
  downtimeInWindow,
  emptySummaryTotals,
  overlapSeconds,
  type SummaryTotals,
  successPercent,
  type TimeWindow,
} from "./uptime.ts";

/** A stored daily summary as the report reads it. */
export interface ReportSummaryDay extends Partial<SummaryTotals> {
  monitorId: string;
  day: string;
}

export interface ReportIncidentInput {
  id: string;
  monitorId: string;
  startedAt: Date;
  endedAt: Date | null;
  firstError: string;
}

export interface ReportMonitorInput {
  id: string;
  name: string;
  type: string;
}

export interface ReportWindow extends TimeWindow {
  /** The calendar days of the window in the owner's time zone (the daily summaries' keys). */
  days: readonly string[];
}

export interface ReportInput {
  monitors: readonly ReportMonitorInput[];
  summaries: readonly ReportSummaryDay[];
  incidents: readonly ReportIncidentInput[];
  current: ReportWindow;
  previous: ReportWindow;
  /** Open incidents last until now (clipped to each window). */
  now: Date;
}

const maxListedIncidents = 20;

function overlaps(incident: ReportIncidentInput, window: TimeWindow, now: Date): boolean {
  return (
    incident.startedAt.getTime() < window.end.getTime() && (incident.endedAt ?? now).getTime() > window.start.getTime()
  );
}

function figuresOf(totals: SummaryTotals, incidents: number, downtimeSeconds: number): PeriodFigures {
  return {
    checks: totals.checks,
    successes: totals.successes,
    failures: totals.failures,
    uptimePercent: successPercent(totals.successes, totals.checks),
    incidents,
    downtimeSeconds,
    avgLatencyMs: averageLatency(totals.latencySum, totals.latencyCount),
    p95LatencyMs: latencyPercentile(totals.histogram, 95, { min: totals.latencyMin, max: totals.latencyMax }),
  };
}

interface WindowTotals {
  totals: SummaryTotals;
  incidents: number;
  downtimeSeconds: number;
}

function monitorWindow(
  monitorId: string,
  window: ReportWindow,
  input: ReportInput,
  summariesByMonitor: Map<string, ReportSummaryDay[]>,
  incidentsByMonitor: Map<string, ReportIncidentInput[]>,
): WindowTotals {
  const days = new Set(window.days);
  let totals = emptySummaryTotals();
  for (const summary of summariesByMonitor.get(monitorId) ?? []) {
    if (days.has(summary.day)) totals = addSummaryTotals(totals, summary);
  }
  const overlapping = (incidentsByMonitor.get(monitorId) ?? []).filter((incident) =>
    overlaps(incident, window, input.now),
  );
  return { totals, incidents: overlapping.length, downtimeSeconds: downtimeInWindow(overlapping, window, input.now) };
}

function groupBy<T extends { monitorId: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.monitorId);
    if (group) group.push(item);
    else groups.set(item.monitorId, [item]);
  }
  return groups;
}

function combine(parts: readonly WindowTotals[]): PeriodFigures {
  let totals = emptySummaryTotals();
  let incidents = 0;
  let downtimeSeconds = 0;
  for (const part of parts) {
    totals = addSummaryTotals(totals, part.totals);
    incidents += part.incidents;
    downtimeSeconds += part.downtimeSeconds;
  }
  return figuresOf(totals, incidents, downtimeSeconds);
}

/**
 * A report's figures, computed only from daily summaries (checks, uptime, latency) and incidents
 * (count, downtime): never from raw check results. Pure: the report job and the tests call it alike.
 */
export function computeReportFigures(input: ReportInput): ReportFigures {
  const summariesByMonitor = groupBy(input.summaries);
  const incidentsByMonitor = groupBy(input.incidents);
  const names = new Map(input.monitors.map((monitor) => [monitor.id, monitor.name]));

  const currentParts: WindowTotals[] = [];
  const previousParts: WindowTotals[] = [];
  const monitors: MonitorReportFigures[] = input.monitors.map((monitor) => {
    const current = monitorWindow(monitor.id, input.current, input, summariesByMonitor, incidentsByMonitor);
    const previous = monitorWindow(monitor.id, input.previous, input, summariesByMonitor, incidentsByMonitor);
    currentParts.push(current);
    previousParts.push(previous);
    return {
      monitorId: monitor.id,
      name: monitor.name,
      type: monitor.type,
      current: figuresOf(current.totals, current.incidents, current.downtimeSeconds),
      previous: figuresOf(previous.totals, previous.incidents, previous.downtimeSeconds),
    };
  });

  const incidents: ReportIncident[] = input.incidents
    .filter((incident) => names.has(incident.monitorId) && overlaps(incident, input.current, input.now))
    .map((incident) => ({
      id: incident.id,
      monitorId: incident.monitorId,
      monitorName: names.get(incident.monitorId) ?? "",
      startedAt: incident.startedAt,
      endedAt: incident.endedAt,
      downtimeSeconds: overlapSeconds(
        { start: incident.startedAt, end: incident.endedAt ?? input.now },
        { start: input.current.start, end: input.current.end },
      ),
      reason: incident.firstError,
    }))
    .sort((a, b) => b.downtimeSeconds - a.downtimeSeconds || a.startedAt.getTime() - b.startedAt.getTime())
    .slice(0, maxListedIncidents);

  return { current: combine(currentParts), previous: combine(previousParts), monitors, incidents };
}
