import type { Database } from "@pingpilot/db";
import { Types } from "mongoose";

/**
 * The channels a user marked as default, for a monitor being created without an explicit choice
 * (for monitor.create). Oldest first, so the order is stable.
 */
export async function defaultChannelIds(db: Database, userId: string | Types.ObjectId): Promise<Types.ObjectId[]> {
  const owner = typeof userId === "string" ? new Types.ObjectId(userId) : userId;
  const channels = await db.models.NotificationChannel.find({ userId: owner, isDefault: true }, { _id: 1 })
    .sort({ createdAt: 1 })
    .lean();
  return channels.map((channel) => channel._id);
}

/**
 * The ids among `channelIds` that are not channels of this user (for validating a monitor's
 * `channelIds` on save: answer a field error naming them, or drop them).
 */
export async function unknownChannelIds(
  db: Database,
  userId: string | Types.ObjectId,
  channelIds: readonly string[],
): Promise<string[]> {
  if (channelIds.length === 0) return [];
  const found = await db.models.NotificationChannel.find({ _id: { $in: [...channelIds] }, userId }, { _id: 1 }).lean();
  const known = new Set(found.map((channel) => channel._id.toString()));
  return channelIds.filter((id) => !known.has(id));
}
