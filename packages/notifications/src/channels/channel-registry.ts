import type { ChannelType } from "@pingpilot/domain";
import type { ChannelDefinition, ChannelTransport } from "./channel.ts";
import { discordChannel } from "./discord/discord-channel.ts";
import { emailChannel } from "./email/email-channel.ts";
import { slackChannel } from "./slack/slack-channel.ts";
import { webhookChannel } from "./webhook/webhook-channel.ts";

/**
 * Every channel type, one entry each: the only list of channels in this package. Adding a channel is
 * its folder (`channels/<kind>/`) plus its line here (and its settings schema in @pingpilot/domain's
 * `channelSettingsSchemas`, which the API and the client validate input with).
 */
export const channelRegistry = {
  email: emailChannel,
  webhook: webhookChannel,
  slack: slackChannel,
  discord: discordChannel,
} as const satisfies { [T in ChannelType]: ChannelDefinition<T, { type: T }> };

type Registry = typeof channelRegistry;
type SettingsOf<D> = D extends { createTransport(deps: never): ChannelTransport<infer S> } ? S : never;

/** A channel's settings as the outbox sends with them, whatever its type. */
export type ChannelSettings = { [T in ChannelType]: SettingsOf<Registry[T]> }[ChannelType];

/** The definition of a type, typed loosely: for code that handles every channel the same way. */
export function channelDefinition(type: ChannelType): ChannelDefinition<ChannelType, ChannelSettings> {
  return channelRegistry[type] as ChannelDefinition<ChannelType, ChannelSettings>;
}
