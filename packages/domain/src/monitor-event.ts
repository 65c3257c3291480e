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

/** What each stored event says, by type: the one definition the recorder writes and the outbox reads. */
export const monitorEventPayloadSchemas = {
  incident_opened: z.object({ reason: z.string(), errorCode: checkErrorCodeSchema.nullable(), startedAt: z.date() }),
  incident_resolved: z.object({
    startedAt: z.date(),
    endedAt: z.date(),
    durationSeconds: z.number().int().nonnegative(),
    lastError: z.string(),
  }),
  certificate_expiring: z.object({
    expiresAt: z.date(),
    daysRemaining: z.number().int(),
    issuer: z.string(),
    subject: z.string(),
  }),
} as const;
export type MonitorEventPayload<T extends MonitorEventType = MonitorEventType> = z.infer<
  (typeof monitorEventPayloadSchemas)[T]
>;

/** A stored event's type and payload, checked together (the payload's shape depends on the type). */
export const monitorEventBodySchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("incident_opened"), payload: monitorEventPayloadSchemas.incident_opened }),
  z.object({ type: z.literal("incident_resolved"), payload: monitorEventPayloadSchemas.incident_resolved }),
  z.object({ type: z.literal("certificate_expiring"), payload: monitorEventPayloadSchemas.certificate_expiring }),
]);
export type MonitorEventBody = z.infer<typeof monitorEventBodySchema>;

type Id = { toString(): string };

/**
 * The unique `dedupeKey` of each event: the same transition recorded twice (a retried write, two
 * racing writers) is stored once. Readers look openings up by it too (storm and maintenance decisions
 * for recoveries and reminders), so it is built here and nowhere else.
 */
export const monitorEventKeys = {
  incidentOpened: (incidentId: Id): string => `incident_opened:${incidentId.toString()}`,
  incidentResolved: (incidentId: Id): string => `incident_resolved:${incidentId.toString()}`,
  certificateExpiring: (monitorId: Id, expiresAt: Date): string =>
    `certificate_expiring:${monitorId.toString()}:${expiresAt.getTime()}`,
} as const;
