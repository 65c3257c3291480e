import { type Database, type IncidentDocument, Types } from "@pingpilot/db";
import {
  type CheckErrorCode,
  type CheckResultPage,
  type Incident,
  type IncidentPage,
  type IncidentStatus,
  type MonitorDailySummaries,
  type monitorDailySummariesInputSchema,
  type monitorIncidentsInputSchema,
  type monitorResultsInputSchema,
  recentCalendarDays,
  sumTotals,
  windowStatsOf,
} from "@pingpilot/domain";
import type { z } from "zod";
import type { OwnerContext } from "../service-context.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { findOwnedMonitor, ownerTimezone } from "./monitor-queries.ts";

type StoredIncident = IncidentDocument & { _id: Types.ObjectId };

export function toIncident(incident: StoredIncident): Incident {
  return {
    id: incident._id.toHexString(),
    monitorId: String(incident.monitorId),
    status: incident.status as IncidentStatus,
    startedAt: incident.startedAt,
    endedAt: incident.endedAt ?? null,
    durationSeconds: incident.durationSeconds ?? null,
    firstError: incident.firstError,
    lastError: incident.lastError,
  };
}

/**
 * A monitor's incidents that may overlap [start, now]: those started since `start` (index
 * {monitorId, startedAt}), plus the last one started before it — a monitor has at most one incident
 * open at a time, so no earlier one can reach into the window.
 */
export async function incidentsSince(db: Database, monitorId: Types.ObjectId, start: Date): Promise<StoredIncident[]> {
  const [recent, before] = await Promise.all([
    db.models.Incident.find({ monitorId, startedAt: { $gte: start } })
      .sort({ startedAt: -1 })
      .lean(),
    db.models.Incident.findOne({ monitorId, startedAt: { $lt: start } })
      .sort({ startedAt: -1 })
      .lean(),
  ]);
  return before ? [...recent, before] : recent;
}

/** Check history for a time range, newest first, a page at a time (index {monitorId, checkedAt, _id}). */
export async function monitorResults(
  ctx: OwnerContext,
  input: z.output<typeof monitorResultsInputSchema>,
): Promise<CheckResultPage> {
  const monitor = await findOwnedMonitor(ctx, input.id);
  const filter: Record<string, unknown> = { monitorId: monitor._id };
  if (input.from || input.to) {
    filter.checkedAt = { ...(input.from ? { $gte: input.from } : {}), ...(input.to ? { $lt: input.to } : {}) };
  }
  if (input.status) filter.status = input.status;
  if (input.cursor) {
    const after = decodeCursor(input.cursor, "results", "number");
    const at = new Date(after.k);
    filter.$or = [{ checkedAt: { $lt: at } }, { checkedAt: at, _id: { $lt: new Types.ObjectId(after.i) } }];
  }
  const rows = await ctx.db.models.CheckResult.find(filter)
    .sort({ checkedAt: -1, _id: -1 })
    .limit(input.limit + 1)
    .lean();
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      id: row._id.toHexString(),
      status: row.status,
      responseTimeMs: row.responseTimeMs ?? null,
      httpStatus: row.httpStatus ?? null,
      reason: row.reason,
      errorCode: (row.errorCode ?? null) as CheckErrorCode | null,
      certificateExpiresAt: row.certificateExpiresAt ?? null,
      checkedAt: row.checkedAt,
    })),
    nextCursor:
      rows.length > input.limit && last
        ? encodeCursor({ s: "results", k: last.checkedAt.getTime(), i: last._id.toHexString() })
        : null,
  };
}

/** A monitor's incidents, newest first, a page at a time (index {monitorId, startedAt}). */
export async function monitorIncidents(
  ctx: OwnerContext,
  input: z.output<typeof monitorIncidentsInputSchema>,
): Promise<IncidentPage> {
  const monitor = await findOwnedMonitor(ctx, input.id);
  const filter: Record<string, unknown> = { monitorId: monitor._id };
  if (input.status) filter.status = input.status;
  if (input.cursor) {
    const after = decodeCursor(input.cursor, "incidents", "number");
    const at = new Date(after.k);
    filter.$or = [{ startedAt: { $lt: at } }, { startedAt: at, _id: { $lt: new Types.ObjectId(after.i) } }];
  }
  const rows = (await ctx.db.models.Incident.find(filter)
    .sort({ startedAt: -1, _id: -1 })
    .limit(input.limit + 1)
    .lean()) as StoredIncident[];
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(toIncident),
    nextCursor:
      rows.length > input.limit && last
        ? encodeCursor({ s: "incidents", k: last.startedAt.getTime(), i: last._id.toHexString() })
        : null,
  };
}

/**
 * One entry per calendar day in the owner's time zone, oldest first, today last: counts and latency
 * from that day's stored summary (no raw results are read), downtime from the incidents overlapping
 * the day. Days before the monitor existed are left out.
 */
export async function monitorDailySummaries(
  ctx: OwnerContext,
  input: z.output<typeof monitorDailySummariesInputSchema>,
): Promise<MonitorDailySummaries> {
  const monitor = await findOwnedMonitor(ctx, input.id);
  const timezone = await ownerTimezone(ctx);
  const now = ctx.clock.now();
  const days = recentCalendarDays(now, timezone, input.days).filter(
    (day) => day.end.getTime() > monitor.createdAt.getTime(),
  );
  const first = days[0];
  if (!first) return { monitorId: input.id, timezone, days: [] };
  const [summaries, incidents] = await Promise.all([
    ctx.db.models.DailySummary.find({ monitorId: monitor._id, day: { $gte: first.day } }).lean(),
    incidentsSince(ctx.db, monitor._id, first.start),
  ]);
  const byDay = new Map(summaries.map((summary) => [summary.day, summary]));
  return {
    monitorId: input.id,
    timezone,
    days: days.map((day) => {
      const window = { start: day.start, end: day.end.getTime() < now.getTime() ? day.end : now };
      const summary = byDay.get(day.day);
      const stats = windowStatsOf({ window, totals: sumTotals(summary ? [summary] : []), incidents, now });
      const { checks, successes, failures, degraded, uptimePercent, downtimeSeconds, latency } = stats;
      return { day: day.day, checks, successes, failures, degraded, uptimePercent, downtimeSeconds, latency };
    }),
  };
}
