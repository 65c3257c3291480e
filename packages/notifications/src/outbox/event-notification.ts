import { type MonitorEventBody, type MonitorRef, monitorEventBodySchema, type Notification } from "@pingpilot/domain";

/** A stored event as the outbox reads it: type and payload already parsed (see {@link parseEventBody}). */
export type ParsedEvent = MonitorEventBody & { occurredAt: Date; incidentId?: { toString(): string } | null };

/**
 * The event's type and payload checked against the domain's schema, once, where the outbox reads it;
 * null for a document that does not match (written by hand or by an older version).
 */
export function parseEventBody(event: { type: unknown; payload: unknown }): MonitorEventBody | null {
  const parsed = monitorEventBodySchema.safeParse({ type: event.type, payload: event.payload });
  return parsed.success ? parsed.data : null;
}

/** The message of a stored monitor event. */
export function eventNotification(event: ParsedEvent, monitor: MonitorRef, timezone: string): Notification {
  const incidentId = event.incidentId?.toString() ?? "";
  const base = { at: event.occurredAt, timezone, monitor };
  switch (event.type) {
    case "incident_opened":
      return { ...base, kind: "incident_opened", incident: { id: incidentId, ...event.payload } };
    case "incident_resolved":
      return { ...base, kind: "incident_resolved", incident: { id: incidentId, ...event.payload } };
    case "certificate_expiring":
      return { ...base, kind: "certificate_expiring", certificate: event.payload };
  }
}
