import { channelTypes, deliveryKinds, deliveryStatuses, type Notification } from "@pingpilot/domain";
import { type Connection, type InferSchemaType, Schema } from "mongoose";

/** One attempt to send a delivery, kept (the last few) for the delivery log. */
const deliveryAttemptSchema = new Schema(
  {
    attempt: { type: Number, required: true },
    at: { type: Date, required: true },
    ok: { type: Boolean, required: true },
    statusCode: { type: Number, default: null },
    error: { type: String, default: null },
    durationMs: { type: Number, required: true },
    owner: { type: String, required: true },
  },
  { _id: false },
);

/**
 * The notifications outbox: one message to one channel. `_id` is deterministic, so creating a delivery
 * twice stores it once: `<eventId>:<channelId>` for an event, `storm:<channelId>:<seq>` for a grouped
 * message, `reminder:<incidentId>:<channelId>:<n>`, `report:<reportId>`. The `_id` is also the
 * idempotency key sent with every attempt (Resend's `Idempotency-Key`, webhooks'
 * `x-pingpilot-delivery-id`), so a receiver can drop a repeat after a crash between send and mark.
 *
 * `status`: `pending` (due at `nextAttemptAt`), `held` (waiting for a storm's grouped message),
 * `grouped` (carried by the delivery `groupId`), `sent`, `failed` (after the last attempt, or a
 * permanent refusal) or `suppressed` (maintenance window). Only the holder of the current attempt's
 * claim (notification_claims) updates a pending delivery.
 */
export const notificationDeliverySchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    /** Null: the account's own email address (reports). */
    channelId: { type: Schema.Types.ObjectId, default: null },
    channelType: { type: String, enum: channelTypes, required: true },
    kind: { type: String, enum: deliveryKinds, required: true },
    eventId: { type: Schema.Types.ObjectId, default: null },
    monitorId: { type: Schema.Types.ObjectId, default: null },
    incidentId: { type: Schema.Types.ObjectId, default: null },
    /** When what it tells about happened. */
    occurredAt: { type: Date, required: true },
    /**
     * The channel-neutral message (@pingpilot/domain's `notificationSchema`, parsed where read), fixed
     * when the delivery is created so every attempt sends the same.
     */
    message: { type: Schema.Types.Mixed, required: true },
    status: { type: String, enum: deliveryStatuses, required: true },
    /** Grouped deliveries: the storm delivery that carried them. */
    groupId: { type: String, default: null },
    /** Storm deliveries: the deliveries they carry, and their number in the channel's sequence. */
    memberIds: { type: [String], default: undefined },
    stormSeq: { type: Number, default: null },
    attempts: { type: Number, required: true, default: 0 },
    nextAttemptAt: { type: Date, default: null },
    lastError: { type: String, default: null },
    log: { type: [deliveryAttemptSchema], default: [] },
    sentAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: "notification_deliveries", versionKey: false, minimize: false },
);

// The sender: due pending deliveries, oldest first; the storm flush: held ones.
notificationDeliverySchema.index({ status: 1, nextAttemptAt: 1 });
// The delivery log of a channel, newest first (cursor pagination on createdAt and _id).
notificationDeliverySchema.index({ channelId: 1, createdAt: -1, _id: -1 });
// A channel's latest storm message.
notificationDeliverySchema.index({ channelId: 1, stormSeq: -1 });
// Account purge and retention.
notificationDeliverySchema.index({ userId: 1, createdAt: -1 });
notificationDeliverySchema.index({ createdAt: 1 });

export type NotificationDeliveryDocument = Omit<InferSchemaType<typeof notificationDeliverySchema>, "message"> & {
  message: Notification;
};

export function notificationDeliveryModel(connection: Connection) {
  return connection.model<NotificationDeliveryDocument>("NotificationDelivery", notificationDeliverySchema);
}
