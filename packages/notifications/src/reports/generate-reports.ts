import type { NotificationsConfig } from "@pingpilot/config";
import { type Database, insertNew, rawCollection, reportId } from "@pingpilot/db";
import type { ReportNotification } from "@pingpilot/domain";
import { type Clock, computeReportFigures, lastCompletePeriod, type ReportKind } from "@pingpilot/domain";
import type { Logger } from "@pingpilot/logger";
import type { Types } from "mongoose";
import { type DeliveryInsert, newDelivery } from "../outbox/new-delivery.ts";

export interface ReportDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  config: NotificationsConfig["reports"];
  signal?: AbortSignal;
}

export type ReportOutcome = "created" | "exists" | "not_due" | "no_monitors";

const usersPerPage = 200;

/** `report:<reportId>`: the report's email, created once. */
export function reportDeliveryId(id: string): string {
  return `report:${id}`;
}

/**
 * One user's report for the last complete period, if it is due (the period ended and the user's local
 * time passed the configured hour) and not stored yet. Figures come from daily summaries and incidents
 * only. The email's delivery is created before the report itself, so a crash in between cannot leave a
 * stored report that was never emailed (the next run recomputes the same report; the delivery's `_id`
 * stops a second email).
 */
export async function generateReport(
  deps: ReportDeps,
  user: { _id: Types.ObjectId; timezone?: string | null },
  kind: ReportKind,
): Promise<ReportOutcome> {
  const { db } = deps;
  const now = deps.clock.now();
  const timezone = user.timezone ?? "UTC";
  const { current, previous } = lastCompletePeriod(kind, now, timezone);
  if (now.getTime() < current.end.getTime() + deps.config.localHour * 3_600_000) return "not_due";
  const firstDay = current.days[0] ?? "";
  const lastDay = current.days.at(-1) ?? "";
  const id = reportId(user._id.toString(), kind, firstDay);
  if (await db.models.Report.exists({ _id: id })) return "exists";

  const monitors = await db.models.Monitor.find(
    { userId: user._id, createdAt: { $lt: current.end } },
    { name: 1, type: 1 },
  ).lean();
  if (monitors.length === 0) return "no_monitors";
  const summaries = await db.models.DailySummary.find({
    userId: user._id,
    day: { $gte: previous.days[0] ?? firstDay, $lte: lastDay },
  }).lean();
  const incidents = await db.models.Incident.find(
    {
      userId: user._id,
      startedAt: { $lt: current.end },
      $or: [{ endedAt: null }, { endedAt: { $gt: previous.start } }],
    },
    { monitorId: 1, startedAt: 1, endedAt: 1, firstError: 1 },
  ).lean();

  const figures = computeReportFigures({
    monitors: monitors.map((monitor) => ({ id: monitor._id.toString(), name: monitor.name, type: monitor.type })),
    summaries: summaries.map((summary) => ({
      ...summary,
      monitorId: summary.monitorId.toString(),
      latencyMin: summary.latencyMin ?? null,
      latencyMax: summary.latencyMax ?? null,
    })),
    incidents: incidents.map((incident) => ({
      id: incident._id.toString(),
      monitorId: incident.monitorId.toString(),
      startedAt: incident.startedAt,
      endedAt: incident.endedAt ?? null,
      firstError: incident.firstError,
    })),
    current,
    previous,
    now,
  });

  const message: ReportNotification = {
    kind: "report",
    at: now,
    timezone,
    report: { id, kind, firstDay, lastDay, figures },
  };
  const deliveries = rawCollection<DeliveryInsert>(db.models.NotificationDelivery);
  await insertNew(deliveries, [
    newDelivery(
      {
        _id: reportDeliveryId(id),
        userId: user._id,
        channelId: null,
        channelType: "email",
        kind: "report",
        occurredAt: current.end,
        message,
        status: "pending",
      },
      now,
    ),
  ]);
  const reports = rawCollection<{ _id: string }>(db.models.Report);
  const stored = await insertNew(reports, [
    {
      _id: id,
      userId: user._id,
      kind,
      timezone,
      periodStart: current.start,
      periodEnd: current.end,
      firstDay,
      lastDay,
      figures,
      generatedAt: now,
    } as { _id: string },
  ]);
  return stored.length ? "created" : "exists";
}

/**
 * The report job: every active user's due reports (weekly, and monthly when enabled), page by page.
 * Safe to run often and on several instances: a report's `_id` names its user, kind and first day.
 */
export async function generateDueReports(deps: ReportDeps): Promise<Record<ReportOutcome, number>> {
  const kinds: ReportKind[] = [
    ...(deps.config.weekly ? (["weekly"] as const) : []),
    ...(deps.config.monthly ? (["monthly"] as const) : []),
  ];
  const counts: Record<ReportOutcome, number> = { created: 0, exists: 0, not_due: 0, no_monitors: 0 };
  if (kinds.length === 0) return counts;
  let after: Types.ObjectId | undefined;
  for (;;) {
    if (deps.signal?.aborted) break;
    const users = await deps.db.models.User.find(
      { ...(after ? { _id: { $gt: after } } : {}), disabledAt: null, deletingAt: null },
      { timezone: 1 },
    )
      .sort({ _id: 1 })
      .limit(usersPerPage)
      .lean();
    for (const user of users) {
      for (const kind of kinds) {
        const outcome = await generateReport(deps, user, kind).catch((error: unknown) => {
          deps.logger.error({ err: error, userId: user._id.toString(), kind }, "report could not be generated");
          return undefined;
        });
        if (outcome) counts[outcome] += 1;
      }
    }
    const last = users.at(-1);
    if (!last || users.length < usersPerPage) break;
    after = last._id;
  }
  return counts;
}
