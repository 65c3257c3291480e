import type { NotificationChannelDocument, Types } from "@pingpilot/db";
import {
  type ChannelDeliveriesInput,
  type ChannelView,
  type channelDeliveriesInputSchema,
  type DeliveryPage,
  NotFoundError,
} from "@pingpilot/domain";
import { toChannelView, toDeliveryView } from "@pingpilot/notifications";
import type { z } from "zod";
import { afterCursor, decodeListCursor, encodeListCursor } from "../list-cursor.ts";
import type { OwnerContext } from "../service-context.ts";

export type StoredChannel = NotificationChannelDocument & { _id: Types.ObjectId };

/** One of the caller's channels; someone else's id answers exactly like one that does not exist. */
export async function findOwnedChannel(ctx: OwnerContext, id: string): Promise<StoredChannel> {
  const channel = await ctx.db.models.NotificationChannel.findOne({ _id: id, userId: ctx.auth.userId }).lean();
  if (!channel) throw new NotFoundError("Channel");
  return channel as StoredChannel;
}

export async function listChannels(ctx: OwnerContext): Promise<ChannelView[]> {
  const channels = await ctx.db.models.NotificationChannel.find({ userId: ctx.auth.userId })
    .sort({ createdAt: -1, _id: -1 })
    .lean();
  return channels.map((channel) => toChannelView(channel as StoredChannel));
}

/** A channel's delivery log, newest first: every alert, its status, attempts and errors. */
export async function listDeliveries(
  ctx: OwnerContext,
  input: z.output<typeof channelDeliveriesInputSchema> | ChannelDeliveriesInput,
): Promise<DeliveryPage> {
  const channel = await findOwnedChannel(ctx, input.id);
  const limit = input.limit ?? 20;
  const filter: Record<string, unknown> = { channelId: channel._id, userId: channel.userId };
  if (input.status) filter.status = input.status;
  if (input.cursor)
    Object.assign(filter, afterCursor("createdAt", decodeListCursor(input.cursor, channel._id.toString())));
  const rows = await ctx.db.models.NotificationDelivery.find(filter)
    .sort({ createdAt: -1, _id: -1 })
    .limit(limit + 1)
    .lean();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toDeliveryView),
    nextCursor: rows.length > limit && last ? encodeListCursor(channel._id.toString(), last.createdAt, last._id) : null,
  };
}
