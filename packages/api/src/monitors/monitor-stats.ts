import { type Database, Types } from "@pingpilot/db";
import {
  dayKey,
  type MonitorOverview,
  type MonitorStats,
  type MonitorStatus,
  monitorStatuses,
  nextMidnight,
  recentCalendarDays,
  type StatsWindowName,
  type SummaryTotals,
  statsWindows,
  successPercent,
  sumTotals,
  totalsOfResults,
  type WindowStats,
  windowStatsOf,
} from "@pingpilot/domain";
import type { OwnerContext } from "../service-context.ts";
import { incidentsSince, toIncident } from "./monitor-history.ts";
import { findOwnedMonitor, ownerTimezone } from "./monitor-queries.ts";

const dayMs = 86_400_000;

/** Totals of one monitor's raw results in [start, end): at most one calendar day of them. */
async function rawTotals(db: Database, monitorId: Types.ObjectId, start: Date, end: Date): Promise<SummaryTotals> {
  const results = await db.models.CheckResult.find(
    { monitorId, checkedAt: { $gte: start, $lt: end } },
    { _id: 0, status: 1, responseTimeMs: 1 },
  ).lean();
  return totalsOfResults(results.map((row) => ({ status: row.status, responseTimeMs: row.responseTimeMs ?? null })));
}

/**
 * Uptime and latency over the last 24 h, 7, 30 and 90 days, without scanning months of raw results.
 *
 * Each window is rolling: [now − length, now]. Its first calendar day (in the owner's time zone) is
 * only partly inside; every later day, today included, lies wholly inside. So:
 * - checks, uptime % (successful checks / checks) and latency (avg, min, max, p50/p95/p99 from the
 *   summed bucket histograms) = the stored daily summaries of the whole days + the raw results from
 *   the window's start to the end of its first day (≤ 1 day of one monitor's results, index
 *   {monitorId, checkedAt}). When that partial day is older than raw-result retention, its whole
 *   summary is used instead (the window then reaches up to a day further back);
 * - downtime and the incident count come from the incidents overlapping the window, to the second.
 * One summaries query (≤ 91 documents), one incidents query pair and four bounded raw reads.
 */
export async function monitorStats(ctx: OwnerContext, id: string): Promise<MonitorStats> {
  const monitor = await findOwnedMonitor(ctx, id);
  const timezone = await ownerTimezone(ctx);
  const now = ctx.clock.now();
  const longest = Math.max(...statsWindows.map((window) => window.seconds));
  const earliest = new Date(now.getTime() - longest * 1000);
  const retentionStart = now.getTime() - ctx.config.monitoring.resultRetentionDays * dayMs;
  const today = dayKey(now, timezone);

  const [summaries, incidents] = await Promise.all([
    ctx.db.models.DailySummary.find({ monitorId: monitor._id, day: { $gte: dayKey(earliest, timezone) } }).lean(),
    incidentsSince(ctx.db, monitor._id, earliest),
  ]);

  const entries = await Promise.all(
    statsWindows.map(async ({ name, seconds }): Promise<[StatsWindowName, WindowStats]> => {
      const start = new Date(now.getTime() - seconds * 1000);
      const firstDay = dayKey(start, timezone);
      const wholeDays = summaries.filter((summary) => summary.day > firstDay && summary.day <= today);
      let edge: Partial<SummaryTotals> | undefined;
      if (start.getTime() >= retentionStart) {
        const edgeEnd = new Date(Math.min(nextMidnight(start, timezone).getTime(), now.getTime()));
        edge = await rawTotals(ctx.db, monitor._id, start, edgeEnd);
      } else {
        edge = summaries.find((summary) => summary.day === firstDay);
      }
      const totals = sumTotals(edge ? [...wholeDays, edge] : wholeDays);
      return [name, windowStatsOf({ window: { start, end: now }, totals, incidents, now })];
    }),
  );
  return {
    monitorId: id,
    timezone,
    generatedAt: now,
    windows: Object.fromEntries(entries) as MonitorStats["windows"],
  };
}

const worstCount = 5;
const latestIncidentCount = 10;

/**
 * The dashboard: monitors per status, open incidents, and the monitors with the lowest uptime over the
 * last 7 calendar days (successful checks / checks from the daily summaries of today and the 6 days
 * before: one query on {userId, day}). Every query is on the owner's indexes.
 */
export async function monitorOverview(ctx: OwnerContext): Promise<MonitorOverview> {
  const { Monitor, Incident, DailySummary } = ctx.db.models;
  const userId = new Types.ObjectId(ctx.auth.userId);
  const timezone = await ownerTimezone(ctx);
  const [firstDay] = recentCalendarDays(ctx.clock.now(), timezone, 7);
  const [counts, openCount, latestOpen, summaries] = await Promise.all([
    Monitor.aggregate<{ _id: MonitorStatus; count: number }>([
      { $match: { userId } },
      { $group: { _id: "$status", count: { $sum: 1 } } },
    ]),
    Incident.countDocuments({ userId, status: "open" }),
    Incident.find({ userId, status: "open" }).sort({ startedAt: -1 }).limit(latestIncidentCount).lean(),
    DailySummary.find({ userId, day: { $gte: firstDay?.day ?? "" } }, { monitorId: 1, checks: 1, successes: 1 }).lean(),
  ]);

  const byStatus = Object.fromEntries(monitorStatuses.map((status) => [status, 0])) as Record<MonitorStatus, number>;
  for (const row of counts) byStatus[row._id] = row.count;

  const perMonitor = new Map<string, { checks: number; successes: number }>();
  for (const summary of summaries) {
    const key = String(summary.monitorId);
    const sum = perMonitor.get(key) ?? { checks: 0, successes: 0 };
    sum.checks += summary.checks;
    sum.successes += summary.successes;
    perMonitor.set(key, sum);
  }
  const ids = new Set([...perMonitor.keys(), ...latestOpen.map((incident) => String(incident.monitorId))]);
  const monitors = await Monitor.find({ _id: { $in: [...ids] }, userId }, { name: 1, type: 1, status: 1 }).lean();
  const byId = new Map(monitors.map((monitor) => [monitor._id.toHexString(), monitor]));

  const worstUptime = [...perMonitor]
    .flatMap(([id, sum]) => {
      const monitor = byId.get(id);
      const uptimePercent = successPercent(sum.successes, sum.checks);
      if (!monitor || uptimePercent === null) return [];
      return [
        { id, name: monitor.name, type: monitor.type, status: monitor.status, uptimePercent, checks: sum.checks },
      ];
    })
    .sort((a, b) => a.uptimePercent - b.uptimePercent || a.name.localeCompare(b.name))
    .slice(0, worstCount);

  return {
    total: counts.reduce((sum, row) => sum + row.count, 0),
    byStatus,
    openIncidents: {
      count: openCount,
      latest: latestOpen.flatMap((incident) => {
        const monitor = byId.get(String(incident.monitorId));
        return monitor ? [{ ...toIncident(incident), monitorName: monitor.name }] : [];
      }),
    },
    worstUptime,
  };
}
