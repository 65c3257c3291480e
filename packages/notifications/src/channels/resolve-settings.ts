import type { Database } from "@pingpilot/db";
import { channelTypeSchema } from "@pingpilot/domain";
import type { Types } from "mongoose";
import { type ChannelSettings, channelDefinition } from "./channel-registry.ts";

export type ResolvedTarget = { settings: ChannelSettings; channelName: string | null } | { missing: string };

async function accountEmail(db: Database, userId: Types.ObjectId): Promise<string | null> {
  const user = await db.models.User.findById(userId, { email: 1, notificationEmail: 1, deletingAt: 1 }).lean();
  if (!user || user.deletingAt) return null;
  return user.notificationEmail ?? user.email;
}

/** A stored channel's settings, reading the account's notification email when an email channel follows it. */
export async function settingsOfChannel(
  db: Database,
  channel: { userId: Types.ObjectId; type: string; config: Record<string, unknown> },
): Promise<ChannelSettings | null> {
  const type = channelTypeSchema.safeParse(channel.type);
  if (!type.success) return null;
  return channelDefinition(type.data).settingsOf(channel.config, () => accountEmail(db, channel.userId));
}

/**
 * Where a delivery goes now: its channel (read by `_id` at send time, so a changed URL or address
 * applies to retries), or for reports the account's own email. `missing` when there is no longer
 * anywhere to send it (channel or account deleted): the delivery fails without retries.
 */
export async function resolveTarget(
  db: Database,
  delivery: { userId: Types.ObjectId; channelId?: Types.ObjectId | null },
): Promise<ResolvedTarget> {
  if (!delivery.channelId) {
    const to = await accountEmail(db, delivery.userId);
    return to ? { settings: { type: "email", to }, channelName: null } : { missing: "the account no longer exists" };
  }
  const channel = await db.models.NotificationChannel.findById(delivery.channelId).lean();
  if (!channel || channel.userId.toString() !== delivery.userId.toString()) {
    return { missing: "the channel was deleted" };
  }
  const settings = await settingsOfChannel(db, channel);
  return settings ? { settings, channelName: channel.name } : { missing: "the account no longer exists" };
}
