import { z } from "zod";
import { checkErrorCodeSchema, checkStatusSchema } from "./check-result.ts";
import { monitorConfigSchema, monitorStatusSchema, monitorTypes } from "./monitor.ts";
import { incidentSchema } from "./monitor-event.ts";

/**
 * What the `monitor.*` procedures answer. Zod schemas (not only types) so the REST layer can publish
 * the same shapes in its OpenAPI document; the client re-exports the types.
 */

/** The latest check, kept on the monitor. */
export const lastCheckSchema = z.object({
  status: checkStatusSchema,
  responseTimeMs: z.number().nullable(),
  httpStatus: z.number().int().nullable(),
  reason: z.string(),
  errorCode: checkErrorCodeSchema.nullable(),
  checkedAt: z.date(),
});
export type LastCheck = z.infer<typeof lastCheckSchema>;

/** Heartbeat monitors only: where the job pings, and what was last heard. */
export const heartbeatInfoSchema = z.object({
  /** Secret: whoever knows it can ping. Rotate it with `monitor.rotatePushToken`. */
  pushUrl: z.string(),
  lastPingAt: z.date().nullable(),
  /** The last `/start` ping: a run began (its duration is measured at the next ping). */
  lastStartAt: z.date().nullable(),
  /** Down when this passes without a ping (the next expected ping plus grace); null while paused or down. */
  deadlineAt: z.date().nullable(),
});
export type HeartbeatInfo = z.infer<typeof heartbeatInfoSchema>;

export const monitorViewSchema = z.object({
  id: z.string(),
  /** The whole configuration, as `monitor.create` takes it (defaults filled in). */
  config: monitorConfigSchema,
  status: monitorStatusSchema,
  /** When the scheduler checks next (active monitors); null when paused and for heartbeats. */
  nextCheckAt: z.date().nullable(),
  lastCheckedAt: z.date().nullable(),
  lastResult: lastCheckSchema.nullable(),
  openIncidentId: z.string().nullable(),
  certificateExpiresAt: z.date().nullable(),
  heartbeat: heartbeatInfoSchema.nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type MonitorView = z.output<typeof monitorViewSchema>;

/** A cursor page of `item`s. */
function pageSchema<Item extends z.ZodType>(item: Item) {
  return z.object({
    items: z.array(item),
    /** Pass as `cursor` for the next page; null on the last page. */
    nextCursor: z.string().nullable(),
  });
}

export const monitorPageSchema = pageSchema(monitorViewSchema);
export type MonitorPage = z.output<typeof monitorPageSchema>;

export const checkResultViewSchema = z.object({
  id: z.string(),
  status: checkStatusSchema,
  responseTimeMs: z.number().nullable(),
  httpStatus: z.number().int().nullable(),
  reason: z.string(),
  errorCode: checkErrorCodeSchema.nullable(),
  certificateExpiresAt: z.date().nullable(),
  checkedAt: z.date(),
});
export type CheckResultView = z.infer<typeof checkResultViewSchema>;

export const checkResultPageSchema = pageSchema(checkResultViewSchema);
export type CheckResultPage = z.infer<typeof checkResultPageSchema>;

export const incidentPageSchema = pageSchema(incidentSchema);
export type IncidentPage = z.infer<typeof incidentPageSchema>;

/** Latency of successful checks in milliseconds; p50/p95/p99 are estimated from a bucket histogram. */
export const latencyStatsSchema = z.object({
  avgMs: z.number().nullable(),
  minMs: z.number().nullable(),
  maxMs: z.number().nullable(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
});
export type LatencyStats = z.infer<typeof latencyStatsSchema>;

export const statsWindowNames = ["24h", "7d", "30d", "90d"] as const;
export type StatsWindowName = (typeof statsWindowNames)[number];

export const windowStatsSchema = z.object({
  from: z.date(),
  to: z.date(),
  checks: z.number().int(),
  successes: z.number().int(),
  failures: z.number().int(),
  degraded: z.number().int(),
  /** Successful (up or degraded) checks over all checks, in percent; null without checks. */
  uptimePercent: z.number().nullable(),
  /** Seconds covered by incidents inside the window (an open incident counts until now). */
  downtimeSeconds: z.number(),
  /** Incidents that overlap the window (started in it, or still open / ended in it). */
  incidents: z.number().int(),
  latency: latencyStatsSchema,
});
export type WindowStats = z.infer<typeof windowStatsSchema>;

export const monitorStatsSchema = z.object({
  monitorId: z.string(),
  /** The owner's time zone, whose calendar days the daily summaries use. */
  timezone: z.string(),
  generatedAt: z.date(),
  windows: z.object({
    "24h": windowStatsSchema,
    "7d": windowStatsSchema,
    "30d": windowStatsSchema,
    "90d": windowStatsSchema,
  }),
});
export type MonitorStats = z.infer<typeof monitorStatsSchema>;

export const dailySummaryViewSchema = z.object({
  /** The calendar day in the owner's time zone, YYYY-MM-DD. */
  day: z.string(),
  checks: z.number().int(),
  successes: z.number().int(),
  failures: z.number().int(),
  degraded: z.number().int(),
  uptimePercent: z.number().nullable(),
  /** Seconds of that day covered by incidents. */
  downtimeSeconds: z.number(),
  latency: latencyStatsSchema,
});
export type DailySummaryView = z.infer<typeof dailySummaryViewSchema>;

export const monitorDailySummariesSchema = z.object({
  monitorId: z.string(),
  timezone: z.string(),
  /** Oldest first; days without checks are included with zero counts. */
  days: z.array(dailySummaryViewSchema),
});
export type MonitorDailySummaries = z.infer<typeof monitorDailySummariesSchema>;

export const monitorOverviewSchema = z.object({
  total: z.number().int(),
  byStatus: z.record(monitorStatusSchema, z.number().int()),
  openIncidents: z.object({
    count: z.number().int(),
    /** The most recent ones, newest first (at most 10). */
    latest: z.array(incidentSchema.extend({ monitorName: z.string() })),
  }),
  /** The monitors with the lowest uptime over the last 7 days (today and the 6 days before), lowest first. */
  worstUptime: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      type: z.enum(monitorTypes),
      status: monitorStatusSchema,
      uptimePercent: z.number(),
      checks: z.number().int(),
    }),
  ),
});
export type MonitorOverview = z.infer<typeof monitorOverviewSchema>;

export const checkNowResultSchema = z.object({
  monitorId: z.string(),
  /** The scheduler picks the monitor up within a tick of this; the result lands in `lastCheckedAt`/`results`. */
  requestedAt: z.date(),
});
export type CheckNowResult = z.infer<typeof checkNowResultSchema>;

export const deleteMonitorResultSchema = z.object({ ok: z.literal(true), id: z.string() });
