import { incidentStatuses } from "@pingpilot/domain";
import { type Connection, type InferSchemaType, Schema, type Types } from "mongoose";

/**
 * An outage of one monitor. `openKey` makes "at most one open incident per monitor" a database
 * guarantee without a partial index: it is `open:<monitorId>` while open (unique, so a second open
 * incident for the same monitor is refused) and `resolved:<incidentId>` once resolved.
 */
export const incidentSchema = new Schema(
  {
    monitorId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    status: { type: String, enum: incidentStatuses, required: true, default: "open" },
    startedAt: { type: Date, required: true },
    endedAt: { type: Date, default: null },
    durationSeconds: { type: Number, default: null },
    firstError: { type: String, required: true },
    lastError: { type: String, required: true },
    errorCode: { type: String, default: null },
    openKey: { type: String, required: true },
  },
  { collection: "incidents", versionKey: false },
);

incidentSchema.index({ openKey: 1 }, { unique: true });
// A monitor's incidents, newest first.
incidentSchema.index({ monitorId: 1, startedAt: -1 });
// The dashboard: a user's open incidents; stats: incidents in a window.
incidentSchema.index({ userId: 1, status: 1, startedAt: -1 });

export function openIncidentKey(monitorId: Types.ObjectId | string): string {
  return `open:${monitorId.toString()}`;
}

export function resolvedIncidentKey(incidentId: Types.ObjectId | string): string {
  return `resolved:${incidentId.toString()}`;
}

export type IncidentDocument = InferSchemaType<typeof incidentSchema>;

export function incidentModel(connection: Connection) {
  return connection.model("Incident", incidentSchema);
}
