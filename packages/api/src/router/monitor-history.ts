import {
  type CheckResultPage,
  type IncidentPage,
  type MonitorDailySummaries,
  type MonitorOverview,
  type MonitorStats,
  monitorDailySummariesInputSchema,
  monitorIdInputSchema,
  monitorIncidentsInputSchema,
  monitorResultsInputSchema,
} from "@pingpilot/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { monitorDailySummaries, monitorIncidents, monitorResults } from "../monitors/monitor-history.ts";
import { monitorOverview, monitorStats } from "../monitors/monitor-stats.ts";
import { protectedProcedure } from "../trpc.ts";

/** The read side of `monitor.*`: history, statistics and the dashboard (joined into monitorRouter). */
export const monitorHistoryProcedures = {
  /** Counts by status, open incidents and the monitors with the worst uptime this week. */
  overview: protectedProcedure.query(({ ctx }): Promise<MonitorOverview> => monitorOverview(ctx)),

  /** Check results in a time range, newest first, cursor-paginated. */
  results: protectedProcedure
    .input(monitorResultsInputSchema)
    .query(({ ctx, input }): Promise<CheckResultPage> => monitorResults(ctx, input)),

  /** Uptime, latency, incidents and downtime over 24 h / 7 d / 30 d / 90 d (see docs/monitors-api.md). */
  stats: protectedProcedure
    .input(monitorIdInputSchema)
    .query(({ ctx, input }): Promise<MonitorStats> => monitorStats(ctx, input.id)),

  /** Incidents, newest first, cursor-paginated; filter open or resolved. */
  incidents: protectedProcedure
    .input(monitorIncidentsInputSchema)
    .query(({ ctx, input }): Promise<IncidentPage> => monitorIncidents(ctx, input)),

  /** One entry per calendar day in the owner's time zone, oldest first. */
  dailySummaries: protectedProcedure
    .input(monitorDailySummariesInputSchema)
    .query(({ ctx, input }): Promise<MonitorDailySummaries> => monitorDailySummaries(ctx, input)),
} satisfies TRPCRouterRecord;
