import type { ReportDocument } from "@pingpilot/db";
import {
  type listReportsInputSchema,
  NotFoundError,
  type ReportFigures,
  type ReportKind,
  type ReportPage,
  type ReportSummaryView,
  type ReportView,
} from "@pingpilot/domain";
import type { z } from "zod";
import { afterCursor, decodeListCursor, encodeListCursor } from "../list-cursor.ts";
import type { OwnerContext } from "../service-context.ts";

function figuresOf(report: ReportDocument): ReportFigures {
  return report.figures as unknown as ReportFigures;
}

function baseView(report: ReportDocument) {
  return {
    id: report._id,
    kind: report.kind as ReportKind,
    timezone: report.timezone,
    periodStart: report.periodStart,
    periodEnd: report.periodEnd,
    firstDay: report.firstDay,
    lastDay: report.lastDay,
    generatedAt: report.generatedAt,
  };
}

function toSummaryView(report: ReportDocument): ReportSummaryView {
  const { current } = figuresOf(report);
  return {
    ...baseView(report),
    uptimePercent: current.uptimePercent,
    incidents: current.incidents,
    downtimeSeconds: current.downtimeSeconds,
  };
}

/** The caller's reports, newest period first. */
export async function listReports(
  ctx: OwnerContext,
  input: z.output<typeof listReportsInputSchema>,
): Promise<ReportPage> {
  const filter: Record<string, unknown> = { userId: ctx.auth.userId };
  if (input.kind) filter.kind = input.kind;
  if (input.cursor) Object.assign(filter, afterCursor("periodStart", decodeListCursor(input.cursor, "reports")));
  const rows = (await ctx.db.models.Report.find(filter)
    .sort({ periodStart: -1, _id: -1 })
    .limit(input.limit + 1)
    .lean()) as ReportDocument[];
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(toSummaryView),
    nextCursor: rows.length > input.limit && last ? encodeListCursor("reports", last.periodStart, last._id) : null,
  };
}

/** One of the caller's reports with all its figures; someone else's answers "not found". */
export async function getReport(ctx: OwnerContext, id: string): Promise<ReportView> {
  const report = (await ctx.db.models.Report.findOne({
    _id: id,
    userId: ctx.auth.userId,
  }).lean()) as ReportDocument | null;
  if (!report) throw new NotFoundError("Report");
  return { ...baseView(report), figures: figuresOf(report) };
}
