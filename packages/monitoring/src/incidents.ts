import { type Database, isDuplicateKeyError, openIncidentKey, resolvedIncidentKey } from "@pingpilot/db";
import type { CheckErrorCode } from "@pingpilot/domain";
import type { Types } from "mongoose";

export interface OpenedIncident {
  _id: Types.ObjectId;
  startedAt: Date;
}

/**
 * Opens the monitor's incident. The unique `openKey` makes it one open incident per monitor even if
 * two writers race (or a crashed writer retries): the loser gets the existing one back.
 */
export async function openIncident(
  db: Database,
  input: {
    monitorId: Types.ObjectId;
    userId: Types.ObjectId;
    at: Date;
    reason: string;
    errorCode: CheckErrorCode | null;
  },
): Promise<OpenedIncident> {
  const openKey = openIncidentKey(input.monitorId);
  try {
    const created = await db.models.Incident.create({
      monitorId: input.monitorId,
      userId: input.userId,
      status: "open",
      startedAt: input.at,
      firstError: input.reason,
      lastError: input.reason,
      errorCode: input.errorCode,
      openKey,
    });
    return { _id: created._id, startedAt: created.startedAt };
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    const existing = await db.models.Incident.findOne({ openKey }, { startedAt: 1 }).lean();
    if (!existing) throw error;
    return { _id: existing._id, startedAt: existing.startedAt };
  }
}

/** Keeps the incident's latest error current while it stays open. */
export async function touchIncident(db: Database, incidentId: Types.ObjectId, reason: string): Promise<void> {
  await db.models.Incident.updateOne({ _id: incidentId, status: "open" }, { $set: { lastError: reason } });
}

export interface ResolvedIncident {
  _id: Types.ObjectId;
  startedAt: Date;
  endedAt: Date;
  durationSeconds: number;
  lastError: string;
}

/** Resolves the incident (idempotent: an already resolved one is returned as it is). */
export async function resolveIncident(
  db: Database,
  incidentId: Types.ObjectId,
  at: Date,
): Promise<ResolvedIncident | null> {
  const incident = await db.models.Incident.findById(incidentId).lean();
  if (!incident) return null;
  if (incident.status === "resolved" && incident.endedAt && incident.durationSeconds !== null) {
    return {
      _id: incident._id,
      startedAt: incident.startedAt,
      endedAt: incident.endedAt,
      durationSeconds: incident.durationSeconds ?? 0,
      lastError: incident.lastError,
    };
  }
  const durationSeconds = Math.max(0, Math.round((at.getTime() - incident.startedAt.getTime()) / 1000));
  await db.models.Incident.updateOne(
    { _id: incidentId, status: "open" },
    { $set: { status: "resolved", endedAt: at, durationSeconds, openKey: resolvedIncidentKey(incidentId) } },
  );
  return {
    _id: incident._id,
    startedAt: incident.startedAt,
    endedAt: at,
    durationSeconds,
    lastError: incident.lastError,
  };
}
