import { z } from "zod";
import { recordIdSchema } from "./auth.ts";
import { checkStatusSchema } from "./check-result.ts";
import { monitorStatusSchema, monitorTypes, updateMonitorInputSchema } from "./monitor.ts";
import { incidentStatusSchema } from "./monitor-event.ts";
import { MONITOR_LIMITS } from "./monitor-limits.ts";
import { singleLineText } from "./text-fields.ts";

/**
 * Inputs of the `monitor.*` procedures other than create (see createMonitorInputSchema). Shared by the
 * API, the client and the REST layer, so a form validates exactly what the server will.
 */

/** An opaque page cursor: pass the previous answer's `nextCursor` back unchanged. */
export const pageCursorSchema = singleLineText({ max: 512 }).min(1);

export const monitorIdInputSchema = z.object({ id: recordIdSchema });
export type MonitorIdInput = z.infer<typeof monitorIdInputSchema>;

export const monitorSortOrders = ["newest", "name"] as const;
export const monitorSortSchema = z.enum(monitorSortOrders);

export const listMonitorsInputSchema = z
  .object({
    cursor: pageCursorSchema.optional(),
    limit: z.number().int().min(1).max(100).default(50),
    status: monitorStatusSchema.optional(),
    type: z.enum(monitorTypes).optional(),
    /** Only monitors carrying this tag (exact match). */
    tag: singleLineText({ max: MONITOR_LIMITS.tagMaxLength, trim: true }).min(1).optional(),
    /** Only monitors whose name contains this text, case-insensitive (taken literally, not as a pattern). */
    search: singleLineText({ max: MONITOR_LIMITS.nameMaxLength, trim: true }).min(1).optional(),
    /** `newest` first (by creation) or by `name` A→Z. */
    sort: monitorSortSchema.default("newest"),
  })
  .default({ limit: 50, sort: "newest" });
export type ListMonitorsInput = z.input<typeof listMonitorsInputSchema>;

/**
 * `monitor.update`: the monitor's `id` plus a patch (see updateMonitorInputSchema: `type` must be the
 * monitor's type, every other field is optional and left alone when omitted).
 */
export const updateMonitorRequestSchema = z.intersection(z.object({ id: recordIdSchema }), updateMonitorInputSchema);
export type UpdateMonitorRequest = z.input<typeof updateMonitorRequestSchema>;

export const monitorResultsInputSchema = z
  .object({
    id: recordIdSchema,
    /** Results checked at or after this instant. */
    from: z.date().optional(),
    /** Results checked before this instant. */
    to: z.date().optional(),
    status: checkStatusSchema.optional(),
    cursor: pageCursorSchema.optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .refine((input) => !input.from || !input.to || input.from.getTime() < input.to.getTime(), {
    path: ["to"],
    message: "must be after from",
  });
export type MonitorResultsInput = z.input<typeof monitorResultsInputSchema>;

export const monitorIncidentsInputSchema = z.object({
  id: recordIdSchema,
  status: incidentStatusSchema.optional(),
  cursor: pageCursorSchema.optional(),
  limit: z.number().int().min(1).max(100).default(20),
});
export type MonitorIncidentsInput = z.input<typeof monitorIncidentsInputSchema>;

/** How many calendar days (in the owner's time zone, today included) `monitor.dailySummaries` returns. */
export const maxSummaryDays = 400;

export const monitorDailySummariesInputSchema = z.object({
  id: recordIdSchema,
  days: z.number().int().min(1).max(maxSummaryDays).default(30),
});
export type MonitorDailySummariesInput = z.input<typeof monitorDailySummariesInputSchema>;
