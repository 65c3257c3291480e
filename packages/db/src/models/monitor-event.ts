import { type MonitorEventBody, monitorEventTypes } from "@pingpilot/domain";
import { type Connection, type InferSchemaType, Schema } from "mongoose";

/**
 * A stored transition (incident opened/resolved) or certificate warning: the outbox the notifications
 * delivery reads. `type` and `payload` are @pingpilot/domain's `monitorEventBodySchema` (the payload's
 * shape depends on the type, hence Mixed here). `dedupeKey` is unique so that emitting the same event
 * twice (a retried write, two racing writers) stores it once: domain's `monitorEventKeys`.
 */
export const monitorEventSchema = new Schema(
  {
    type: { type: String, enum: monitorEventTypes, required: true },
    monitorId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    incidentId: { type: Schema.Types.ObjectId, default: null },
    occurredAt: { type: Date, required: true },
    payload: { type: Schema.Types.Mixed, required: true, default: {} },
    dedupeKey: { type: String, required: true },
    /** Set once the notifications outbox has handed the event to every channel. */
    dispatchedAt: { type: Date, default: null },
  },
  { collection: "monitor_events", versionKey: false, minimize: false },
);

monitorEventSchema.index({ dedupeKey: 1 }, { unique: true });
// The outbox: undelivered events, oldest first.
monitorEventSchema.index({ dispatchedAt: 1, occurredAt: 1 });
monitorEventSchema.index({ monitorId: 1, occurredAt: -1 });
monitorEventSchema.index({ userId: 1, occurredAt: -1 });

export type MonitorEventDocument = Omit<InferSchemaType<typeof monitorEventSchema>, "type" | "payload"> &
  MonitorEventBody;

export function monitorEventModel(connection: Connection) {
  return connection.model<MonitorEventDocument>("MonitorEvent", monitorEventSchema);
}
