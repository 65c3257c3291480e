import {
  type ChannelTestResult,
  type ChannelView,
  type ChannelWithSecret,
  channelDeliveriesInputSchema,
  channelIdInputSchema,
  createChannelInputSchema,
  type DeliveryPage,
  updateChannelInputSchema,
} from "@pingpilot/domain";
import { toChannelView } from "@pingpilot/notifications";
import type { TRPCRouterRecord } from "@trpc/server";
import {
  createChannel,
  deleteChannel,
  rotateWebhookSecret,
  testChannel,
  updateChannel,
} from "../channels/channel-commands.ts";
import { findOwnedChannel, listChannels, listDeliveries } from "../channels/channel-queries.ts";
import { protectedProcedure } from "../trpc.ts";

/**
 * The caller's notification channels (email, webhook, Slack, Discord). Every query is scoped to
 * `ctx.auth.userId`; another user's channel answers NOT_FOUND. See docs/notifications.md.
 */
export const channelRouter = {
  /** Creates a channel; a webhook's signing secret is returned here once. */
  create: protectedProcedure
    .input(createChannelInputSchema)
    .mutation(({ ctx, input }): Promise<ChannelWithSecret> => createChannel(ctx, input)),

  update: protectedProcedure
    .input(updateChannelInputSchema)
    .mutation(({ ctx, input }): Promise<ChannelView> => updateChannel(ctx, input)),

  /** Deletes the channel and its delivery log, and removes it from the caller's monitors. */
  delete: protectedProcedure.input(channelIdInputSchema).mutation(({ ctx, input }) => deleteChannel(ctx, input.id)),

  list: protectedProcedure.query(({ ctx }): Promise<ChannelView[]> => listChannels(ctx)),

  get: protectedProcedure
    .input(channelIdInputSchema)
    .query(async ({ ctx, input }): Promise<ChannelView> => toChannelView(await findOwnedChannel(ctx, input.id))),

  /** Sends a real test message now and answers how it went (rate-limited per user). */
  test: protectedProcedure
    .input(channelIdInputSchema)
    .mutation(({ ctx, input }): Promise<ChannelTestResult> => testChannel(ctx, input.id)),

  /** Webhooks: a new signing secret, returned once; the old one stops working at once. */
  rotateSecret: protectedProcedure
    .input(channelIdInputSchema)
    .mutation(({ ctx, input }): Promise<ChannelWithSecret> => rotateWebhookSecret(ctx, input.id)),

  /** The channel's delivery log, newest first, by pages (`nextCursor`). */
  deliveries: protectedProcedure
    .input(channelDeliveriesInputSchema)
    .query(({ ctx, input }): Promise<DeliveryPage> => listDeliveries(ctx, input)),
} satisfies TRPCRouterRecord;
