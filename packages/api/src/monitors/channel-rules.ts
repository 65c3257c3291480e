import type { Database } from "@pingpilot/db";
import { InvalidInputError } from "@pingpilot/domain";
import { defaultChannelIds, unknownChannelIds } from "@pingpilot/notifications";

/** Refuses channel ids that are not the owner's own notification channels (someone else's look unknown). */
export async function assertOwnChannels(db: Database, userId: string, channelIds: readonly string[]): Promise<void> {
  const unknown = await unknownChannelIds(db, userId, channelIds);
  if (unknown.length > 0) {
    throw new InvalidInputError(`no such notification channel: ${unknown.join(", ")}`, "channelIds");
  }
}

/**
 * The channels a new monitor alerts: the ones it names (each must be the owner's), or, when it names
 * none, the owner's default channels.
 */
export async function channelsForNewMonitor(
  db: Database,
  userId: string,
  channelIds: readonly string[],
): Promise<string[]> {
  if (channelIds.length > 0) {
    await assertOwnChannels(db, userId, channelIds);
    return [...channelIds];
  }
  return (await defaultChannelIds(db, userId)).map(String);
}
