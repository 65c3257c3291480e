import {
  type CheckNowResult,
  createMonitorInputSchema,
  listMonitorsInputSchema,
  type MonitorPage,
  type MonitorView,
  monitorIdInputSchema,
  updateMonitorRequestSchema,
} from "@pingpilot/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import {
  checkMonitorNow,
  createMonitor,
  deleteMonitor,
  pauseMonitor,
  resumeMonitor,
  rotatePushToken,
  updateMonitor,
} from "../monitors/monitor-commands.ts";
import { toMonitorView } from "../monitors/monitor-document.ts";
import { findOwnedMonitor, listMonitors } from "../monitors/monitor-queries.ts";
import { protectedProcedure } from "../trpc.ts";
import { monitorHistoryProcedures } from "./monitor-history.ts";

/**
 * Monitors of the signed-in caller. Every query is scoped to `ctx.auth.userId`; another user's monitor
 * id answers NOT_FOUND, exactly like an id that does not exist. Read-only API keys may use the queries.
 */
export const monitorRouter = {
  /** Creates a monitor (http, tcp, dns or heartbeat). Targets must pass the address rules. */
  create: protectedProcedure
    .input(createMonitorInputSchema)
    .mutation(({ ctx, input }): Promise<MonitorView> => createMonitor(ctx, input)),

  /** Changes some fields: `{ id, type, ...fields }`; omitted fields stay, `null` clears nullable ones. */
  update: protectedProcedure.input(updateMonitorRequestSchema).mutation(({ ctx, input }): Promise<MonitorView> => {
    const { id, ...patch } = input;
    return updateMonitor(ctx, id, patch);
  }),

  /** Deletes the monitor with its results, incidents, summaries and events. */
  delete: protectedProcedure.input(monitorIdInputSchema).mutation(({ ctx, input }) => deleteMonitor(ctx, input.id)),

  get: protectedProcedure
    .input(monitorIdInputSchema)
    .query(
      async ({ ctx, input }): Promise<MonitorView> =>
        toMonitorView(await findOwnedMonitor(ctx, input.id), ctx.config.api.publicUrl),
    ),

  /** A page of monitors: filter by status, type or tag, search by name; pass `nextCursor` for more. */
  list: protectedProcedure
    .input(listMonitorsInputSchema)
    .query(({ ctx, input }): Promise<MonitorPage> => listMonitors(ctx, input)),

  pause: protectedProcedure
    .input(monitorIdInputSchema)
    .mutation(({ ctx, input }): Promise<MonitorView> => pauseMonitor(ctx, input.id)),

  resume: protectedProcedure
    .input(monitorIdInputSchema)
    .mutation(({ ctx, input }): Promise<MonitorView> => resumeMonitor(ctx, input.id)),

  /**
   * Asks the scheduler to check now (rate-limited per user). Asynchronous: the answer means "queued";
   * the result shows in `lastCheckedAt` / `monitor.results` within a scheduler tick plus the check's time.
   */
  checkNow: protectedProcedure
    .input(monitorIdInputSchema)
    .mutation(({ ctx, input }): Promise<CheckNowResult> => checkMonitorNow(ctx, input.id)),

  /** Heartbeat monitors: a new secret push URL; the old one stops working at once. */
  rotatePushToken: protectedProcedure
    .input(monitorIdInputSchema)
    .mutation(({ ctx, input }): Promise<MonitorView> => rotatePushToken(ctx, input.id)),

  ...monitorHistoryProcedures,
} satisfies TRPCRouterRecord;
