import { type ChannelDefinition, configText } from "../channel.ts";
import { maskUrl, NOTIFICATIONS_USER_AGENT } from "../vetted-post.ts";
import { type DiscordSettings, discordTransport } from "./discord-transport.ts";

/** A Discord incoming webhook. Its URL is a secret (anyone holding it can post), so it is shown masked. */
export const discordChannel: ChannelDefinition<"discord", DiscordSettings> = {
  type: "discord",
  target: "url",
  signed: false,
  configOf: (input) => ({ url: input.url }),
  settingsOf: async (config) => ({ type: "discord", url: configText(config, "url") }),
  describeTarget: (config) => maskUrl(configText(config, "url")),
  secretPreview: () => null,
  createTransport: (deps) =>
    discordTransport({
      policy: deps.addressPolicy,
      clock: deps.clock,
      context: deps.context,
      userAgent: NOTIFICATIONS_USER_AGENT,
    }),
};
