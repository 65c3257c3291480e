import { Types } from "@pingpilot/db";
import {
  CHANNEL_LIMITS,
  type ChannelTestResult,
  type ChannelView,
  type ChannelWithSecret,
  ConflictError,
  type CreateChannelData,
  InvalidInputError,
  NotFoundError,
  type updateChannelInputSchema,
} from "@pingpilot/domain";
import {
  assertChannelUrlAllowed,
  channelDefinition,
  createChannelTransports,
  newWebhookSecret,
  sendThrough,
  settingsOfChannel,
  toChannelView,
} from "@pingpilot/notifications";
import type { z } from "zod";
import type { RateLimitRule } from "../rate-limit.ts";
import type { OwnerContext } from "../service-context.ts";
import { findOwnedChannel, type StoredChannel } from "./channel-queries.ts";

/** `channel.test` per user: enough to try a channel out, not enough to make Ping Pilot a request generator. */
export const channelTestRule: RateLimitRule = { name: "channel:test", limit: 10, windowSeconds: 60 };

/** Creates a channel. Webhook URLs must pass the address rules; the signing secret is in this answer only. */
export async function createChannel(ctx: OwnerContext, input: CreateChannelData): Promise<ChannelWithSecret> {
  const { NotificationChannel } = ctx.db.models;
  if ((await NotificationChannel.countDocuments({ userId: ctx.auth.userId })) >= CHANNEL_LIMITS.channelsPerUser) {
    throw new ConflictError(`You already have ${CHANNEL_LIMITS.channelsPerUser} channels; delete one first`);
  }
  if ("url" in input) await assertChannelUrlAllowed(input.url, ctx.services.addressPolicy);
  const now = ctx.clock.now();
  const config = channelDefinition(input.type).configOf(input);
  const created = await NotificationChannel.create({
    userId: new Types.ObjectId(ctx.auth.userId),
    name: input.name,
    type: input.type,
    config,
    isDefault: input.isDefault,
    reminderIntervalMinutes: input.reminderIntervalMinutes,
    createdAt: now,
    updatedAt: now,
  });
  const channel = toChannelView(created.toObject() as StoredChannel);
  return { channel, secret: typeof config.secret === "string" ? config.secret : null };
}

/** Changes some fields; `to` applies to email channels, `url` to the others (checked against the address rules). */
export async function updateChannel(
  ctx: OwnerContext,
  input: z.output<typeof updateChannelInputSchema>,
): Promise<ChannelView> {
  const channel = await findOwnedChannel(ctx, input.id);
  const definition = channelDefinition(channel.type);
  const set: Record<string, unknown> = { updatedAt: ctx.clock.now() };
  if (input.name !== undefined) set.name = input.name;
  if (input.isDefault !== undefined) set.isDefault = input.isDefault;
  if (input.reminderIntervalMinutes !== undefined) set.reminderIntervalMinutes = input.reminderIntervalMinutes;
  if (input.to !== undefined) {
    if (definition.target !== "to") throw new InvalidInputError("only email channels have an address", "to");
    set["config.to"] = input.to;
  }
  if (input.url !== undefined) {
    if (definition.target !== "url") throw new InvalidInputError("email channels have no URL", "url");
    await assertChannelUrlAllowed(input.url, ctx.services.addressPolicy);
    set["config.url"] = input.url;
  }
  const updated = await ctx.db.models.NotificationChannel.findOneAndUpdate(
    { _id: channel._id, userId: channel.userId },
    { $set: set },
    { returnDocument: "after", lean: true },
  );
  if (!updated) throw new NotFoundError("Channel");
  return toChannelView(updated as StoredChannel);
}

/** A new signing secret for a webhook channel; the old one stops working at once. */
export async function rotateWebhookSecret(ctx: OwnerContext, id: string): Promise<ChannelWithSecret> {
  const channel = await findOwnedChannel(ctx, id);
  if (!channelDefinition(channel.type).signed) {
    throw new InvalidInputError("only webhook channels have a signing secret", "id");
  }
  const secret = newWebhookSecret();
  const updated = await ctx.db.models.NotificationChannel.findOneAndUpdate(
    { _id: channel._id, userId: channel.userId },
    { $set: { "config.secret": secret, updatedAt: ctx.clock.now() } },
    { returnDocument: "after", lean: true },
  );
  if (!updated) throw new NotFoundError("Channel");
  return { channel: toChannelView(updated as StoredChannel), secret };
}

/**
 * Deletes a channel, its delivery log, and its place in the owner's monitors. Deliveries a scheduler is
 * sending at this moment finish; later attempts find no channel and stop.
 */
export async function deleteChannel(ctx: OwnerContext, id: string): Promise<{ ok: true }> {
  const channel = await findOwnedChannel(ctx, id);
  await ctx.db.models.NotificationChannel.deleteOne({ _id: channel._id, userId: channel.userId });
  await ctx.db.models.Monitor.updateMany(
    { userId: channel.userId, channelIds: channel._id },
    { $pull: { channelIds: channel._id } },
  );
  await ctx.db.models.NotificationDelivery.deleteMany({ channelId: channel._id, userId: channel.userId });
  return { ok: true };
}

/**
 * Sends a real test message through the channel now (same code path as alerts, address rules
 * included) and records it in the channel's delivery log.
 */
export async function testChannel(ctx: OwnerContext, id: string): Promise<ChannelTestResult> {
  await ctx.services.rateLimiter.consume(channelTestRule, ctx.auth.userId);
  const channel = await findOwnedChannel(ctx, id);
  const user = await ctx.db.models.User.findById(channel.userId, { timezone: 1 }).lean();
  const settings = await settingsOfChannel(ctx.db, channel);
  if (!settings) throw new NotFoundError("Channel");
  const now = ctx.clock.now();
  const deliveryId = `test:${channel._id.toString()}:${now.getTime()}:${new Types.ObjectId().toString().slice(-6)}`;
  const message = { kind: "test" as const, at: now, timezone: user?.timezone ?? "UTC", channelName: channel.name };
  const transports = createChannelTransports({
    email: ctx.services.email,
    addressPolicy: ctx.services.addressPolicy,
    clock: ctx.clock,
    context: { appUrl: ctx.config.appUrl },
  });
  const started = performance.now();
  const outcome = await sendThrough(transports, settings, {
    notification: message,
    deliveryId,
    attempt: 1,
    timeoutMs: ctx.config.notifications.sendTimeoutMs,
  });
  const error = outcome.ok ? null : outcome.error;
  await ctx.db.models.NotificationDelivery.create({
    _id: deliveryId,
    userId: channel.userId,
    channelId: channel._id,
    channelType: channel.type,
    kind: "test",
    occurredAt: now,
    message,
    status: outcome.ok ? "sent" : "failed",
    attempts: 1,
    lastError: error,
    log: [
      {
        attempt: 1,
        at: now,
        ok: outcome.ok,
        statusCode: outcome.statusCode,
        error: outcome.ok ? (outcome.note ?? null) : error,
        durationMs: Math.round(performance.now() - started),
        owner: "api",
      },
    ],
    sentAt: outcome.ok ? ctx.clock.now() : null,
    createdAt: now,
    updatedAt: ctx.clock.now(),
  });
  return { ok: outcome.ok, deliveryId, statusCode: outcome.statusCode, error };
}
