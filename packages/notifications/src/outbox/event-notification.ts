import type { MonitorEventDocument } from "@pingpilot/db";
import type { MonitorRef, Notification } from "../notification.ts";

function date(value: unknown, fallback: Date): Date {
  return value instanceof Date ? value : typeof value === "string" ? new Date(value) : fallback;
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function number(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

/** The message of a stored monitor event (see @pingpilot/monitoring's recorder for the payloads). */
export function eventNotification(
  event: Pick<MonitorEventDocument, "type" | "occurredAt" | "payload"> & { incidentId?: { toString(): string } | null },
  monitor: MonitorRef,
  timezone: string,
): Notification {
  const { payload, occurredAt } = event;
  const incidentId = event.incidentId?.toString() ?? "";
  const base = { at: occurredAt, timezone, monitor };
  switch (event.type) {
    case "incident_opened":
      return {
        ...base,
        kind: "incident_opened",
        incident: {
          id: incidentId,
          startedAt: date(payload.startedAt, occurredAt),
          reason: text(payload.reason),
          errorCode: typeof payload.errorCode === "string" ? payload.errorCode : null,
        },
      };
    case "incident_resolved":
      return {
        ...base,
        kind: "incident_resolved",
        incident: {
          id: incidentId,
          startedAt: date(payload.startedAt, occurredAt),
          endedAt: date(payload.endedAt, occurredAt),
          durationSeconds: number(payload.durationSeconds),
          lastError: text(payload.lastError),
        },
      };
    case "certificate_expiring":
      return {
        ...base,
        kind: "certificate_expiring",
        certificate: {
          expiresAt: date(payload.expiresAt, occurredAt),
          daysRemaining: number(payload.daysRemaining),
          issuer: text(payload.issuer),
          subject: text(payload.subject),
        },
      };
  }
}
