import type { MonitorEventDocument } from "@pingpilot/db";
import {
  type CertificateInfo,
  type CheckErrorCode,
  certificateDaysRemaining,
  monitorEventKeys,
} from "@pingpilot/domain";
import type { Types } from "mongoose";
import type { OpenedIncident, ResolvedIncident } from "./incidents.ts";

/** A monitor event as the recorder inserts it (the outbox sets `dispatchedAt` later). */
export type NewMonitorEvent = Omit<MonitorEventDocument, "dispatchedAt">;

/** Whose event it is. */
export interface EventSubject {
  monitorId: Types.ObjectId;
  userId: Types.ObjectId;
}

export function incidentOpenedEvent(
  subject: EventSubject,
  incident: OpenedIncident,
  cause: { at: Date; reason: string; errorCode: CheckErrorCode | null },
): NewMonitorEvent {
  return {
    ...subject,
    type: "incident_opened",
    incidentId: incident._id,
    occurredAt: cause.at,
    payload: { reason: cause.reason, errorCode: cause.errorCode, startedAt: incident.startedAt },
    dedupeKey: monitorEventKeys.incidentOpened(incident._id),
  };
}

export function incidentResolvedEvent(subject: EventSubject, incident: ResolvedIncident, at: Date): NewMonitorEvent {
  return {
    ...subject,
    type: "incident_resolved",
    incidentId: incident._id,
    occurredAt: at,
    payload: {
      startedAt: incident.startedAt,
      endedAt: incident.endedAt,
      durationSeconds: incident.durationSeconds,
      lastError: incident.lastError,
    },
    dedupeKey: monitorEventKeys.incidentResolved(incident._id),
  };
}

/** One warning per certificate (its expiry date names it), when a check saw it within the warning days. */
export function certificateExpiringEvent(
  subject: EventSubject,
  certificate: CertificateInfo,
  checkedAt: Date,
): NewMonitorEvent {
  const { expiresAt, issuer, subject: certificateSubject } = certificate;
  return {
    ...subject,
    type: "certificate_expiring",
    incidentId: null,
    occurredAt: checkedAt,
    payload: {
      expiresAt,
      daysRemaining: certificateDaysRemaining(expiresAt, checkedAt),
      issuer,
      subject: certificateSubject,
    },
    dedupeKey: monitorEventKeys.certificateExpiring(subject.monitorId, expiresAt),
  };
}
