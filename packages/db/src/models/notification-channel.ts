import { channelTypes } from "@pingpilot/domain";
import { type Connection, type InferSchemaType, Schema } from "mongoose";

/**
 * Where a user's alerts go: an email address, a signed generic webhook, or a Slack or Discord incoming
 * webhook. `config` holds the type's settings (`{ to }` or `{ url, secret? }`), validated by
 * @pingpilot/domain before it is stored. The webhook signing secret must be readable to sign, so it is
 * stored as is and only ever shown to its owner once (on creation or rotation).
 */
export const notificationChannelSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    type: { type: String, enum: channelTypes, required: true },
    config: { type: Schema.Types.Mixed, required: true },
    /** Picked up by monitors created afterwards (see defaultChannelIds in @pingpilot/notifications). */
    isDefault: { type: Boolean, required: true, default: false },
    /** Reminders while an incident stays open, every this many minutes; null = none (the default). */
    reminderIntervalMinutes: { type: Number, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: "notification_channels", versionKey: false, minimize: false },
);

// The API: a user's channels, newest first; the defaults for a new monitor.
notificationChannelSchema.index({ userId: 1, createdAt: -1 });
notificationChannelSchema.index({ userId: 1, isDefault: 1 });
// The outbox: channels that want reminders.
notificationChannelSchema.index({ reminderIntervalMinutes: 1 });

export type NotificationChannelDocument = Omit<InferSchemaType<typeof notificationChannelSchema>, "config"> & {
  config: Record<string, unknown>;
};

export function notificationChannelModel(connection: Connection) {
  return connection.model<NotificationChannelDocument>("NotificationChannel", notificationChannelSchema);
}
