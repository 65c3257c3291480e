import { listReportsInputSchema, type ReportPage, type ReportView, reportIdInputSchema } from "@pingpilot/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { getReport, listReports } from "../reports/report-queries.ts";
import { protectedProcedure } from "../trpc.ts";

/** The caller's weekly (and monthly) reports, computed by the scheduler from daily summaries and incidents. */
export const reportRouter = {
  /** Newest period first, with the headline figures; pass `nextCursor` for more. */
  list: protectedProcedure
    .input(listReportsInputSchema)
    .query(({ ctx, input }): Promise<ReportPage> => listReports(ctx, input)),

  /** One report with every monitor's figures, the previous period's, and its incidents. */
  get: protectedProcedure
    .input(reportIdInputSchema)
    .query(({ ctx, input }): Promise<ReportView> => getReport(ctx, input.id)),
} satisfies TRPCRouterRecord;
