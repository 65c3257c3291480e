import { z } from "zod";
import { singleLineText } from "./text-fields.ts";

/** Weekly and monthly reports: inputs of the `report.*` procedures and what they answer. */

export const reportKinds = ["weekly", "monthly"] as const;
export const reportKindSchema = z.enum(reportKinds);
export type ReportKind = z.infer<typeof reportKindSchema>;

/** `<userId>:<kind>:<first day>`, e.g. `65f0…c3:weekly:2026-11-16`. */
export const reportIdSchema = singleLineText({ max: 64 }).regex(
  /^[0-9a-f]{24}:(weekly|monthly):\d{4}-\d{2}-\d{2}$/,
  "must be a report id",
);

export const reportIdInputSchema = z.object({ id: reportIdSchema });

export const listReportsInputSchema = z
  .object({
    kind: reportKindSchema.optional(),
    /** The previous page's `nextCursor`, unchanged. */
    cursor: singleLineText({ max: 200 }).min(1).optional(),
    limit: z.number().int().min(1).max(100).default(20),
  })
  .default({ limit: 20 });
export type ListReportsInput = z.input<typeof listReportsInputSchema>;

/** One period's figures for one monitor, or for all of them together. */
export const periodFiguresSchema = z.object({
  checks: z.number(),
  successes: z.number(),
  failures: z.number(),
  /** Successful (up or degraded) checks over all checks, in percent; null without checks. */
  uptimePercent: z.number().nullable(),
  /** Incidents that overlap the period (open ones included). */
  incidents: z.number(),
  /** Downtime inside the period, from the incidents (overlapping incidents of one monitor count once). */
  downtimeSeconds: z.number(),
  avgLatencyMs: z.number().nullable(),
  /** Estimated from the latency histograms of the daily summaries (within about one bucket, ~25 %). */
  p95LatencyMs: z.number().nullable(),
});
export type PeriodFigures = z.infer<typeof periodFiguresSchema>;

export const monitorReportFiguresSchema = z.object({
  monitorId: z.string(),
  name: z.string(),
  type: z.string(),
  current: periodFiguresSchema,
  previous: periodFiguresSchema,
});
export type MonitorReportFigures = z.infer<typeof monitorReportFiguresSchema>;

export const reportIncidentSchema = z.object({
  id: z.string(),
  monitorId: z.string(),
  monitorName: z.string(),
  startedAt: z.date(),
  /** Null while still open. */
  endedAt: z.date().nullable(),
  /** Downtime of this incident inside the period. */
  downtimeSeconds: z.number(),
  reason: z.string(),
});
export type ReportIncident = z.infer<typeof reportIncidentSchema>;

/** What a report says; stored with the report and in its email delivery, parsed where read. */
export const reportFiguresSchema = z.object({
  /** All monitors together: sums, uptime over all checks, latency over all answers. */
  current: periodFiguresSchema,
  /** The period before, computed the same way, to compare with. */
  previous: periodFiguresSchema,
  monitors: z.array(monitorReportFiguresSchema),
  /** The period's incidents, longest downtime first (at most 20). */
  incidents: z.array(reportIncidentSchema),
});
export type ReportFigures = z.infer<typeof reportFiguresSchema>;

export interface ReportSummaryView {
  id: string;
  kind: ReportKind;
  timezone: string;
  periodStart: Date;
  periodEnd: Date;
  firstDay: string;
  lastDay: string;
  generatedAt: Date;
  uptimePercent: number | null;
  incidents: number;
  downtimeSeconds: number;
}

export interface ReportView extends Omit<ReportSummaryView, "uptimePercent" | "incidents" | "downtimeSeconds"> {
  figures: ReportFigures;
}

export interface ReportPage {
  items: ReportSummaryView[];
  nextCursor: string | null;
}
