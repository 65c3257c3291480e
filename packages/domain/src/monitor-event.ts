import { z } from "zod";
import { checkErrorCodeSchema } from "./check-result.ts";

export const incidentStatuses = ["open", "resolved"] as const;
export const incidentStatusSchema = z.enum(incidentStatuses);
export type IncidentStatus = z.infer<typeof incidentStatusSchema>;

/** An outage: opened after the monitor's retries, resolved after its successes. */
export const incidentSchema = z.object({
  id: z.string(),
  monitorId: z.string(),
  status: incidentStatusSchema,
  startedAt: z.date(),
  endedAt: z.date().nullable(),
  durationSeconds: z.number().int().nonnegative().nullable(),
  firstError: z.string(),
  lastError: z.string(),
});
export type Incident = z.infer<typeof incidentSchema>;

export const monitorEventTypes = ["incident_opened", "incident_resolved", "certificate_expiring"] as const;
export const monitorEventTypeSchema = z.enum(monitorEventTypes);
export type MonitorEventType = z.infer<typeof monitorEventTypeSchema>;

const eventBase = {
  id: z.string(),
  monitorId: z.string(),
  incidentId: z.string().nullable(),
  occurredAt: z.date(),
};

/** The stored events the notifications outbox delivers, one payload shape per type. */
export const monitorEventSchema = z.discriminatedUnion("type", [
  z.object({
    ...eventBase,
    type: z.literal("incident_opened"),
    payload: z.object({ reason: z.string(), errorCode: checkErrorCodeSchema.nullable(), startedAt: z.date() }),
  }),
  z.object({
    ...eventBase,
    type: z.literal("incident_resolved"),
    payload: z.object({
      startedAt: z.date(),
      endedAt: z.date(),
      durationSeconds: z.number().int().nonnegative(),
      lastError: z.string(),
    }),
  }),
  z.object({
    ...eventBase,
    type: z.literal("certificate_expiring"),
    payload: z.object({
      expiresAt: z.date(),
      daysRemaining: z.number().int(),
      issuer: z.string(),
      subject: z.string(),
    }),
  }),
]);
export type MonitorEvent = z.infer<typeof monitorEventSchema>;
