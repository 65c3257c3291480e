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
export interface PeriodFigures {
  checks: number;
  successes: number;
  failures: number;
  /** Successful (up or degraded) checks over all checks, in percent; null without checks. */
  uptimePercent: number | null;
  /** Incidents that overlap the period (open ones included). */
  incidents: number;
  /** Downtime inside the period, from the incidents (overlapping incidents of one monitor count once). */
  downtimeSeconds: number;
  avgLatencyMs: number | null;
  /** Estimated from the latency histograms of the daily summaries (within about one bucket, ~25 %). */
  p95LatencyMs: number | null;
}

export interface MonitorReportFigures {
  monitorId: string;
  name: string;
  type: string;
  current: PeriodFigures;
  previous: PeriodFigures;
}

export interface ReportIncident {
  id: string;
  monitorId: string;
  monitorName: string;
  startedAt: Date;
  /** Null while still open. */
  endedAt: Date | null;
  /** Downtime of this incident inside the period. */
  downtimeSeconds: number;
  reason: string;
}

export interface ReportFigures {
  /** All monitors together: sums, uptime over all checks, latency over all answers. */
  current: PeriodFigures;
  /** The period before, computed the same way, to compare with. */
  previous: PeriodFigures;
  monitors: MonitorReportFigures[];
  /** The period's incidents, longest downtime first (at most 20). */
  incidents: ReportIncident[];
}

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
