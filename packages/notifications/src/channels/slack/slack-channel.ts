import { type ChannelDefinition, configText } from "../channel.ts";
import { maskUrl, NOTIFICATIONS_USER_AGENT } from "../vetted-post.ts";
import { type SlackSettings, slackTransport } from "./slack-transport.ts";

/** A Slack incoming webhook. Its URL is a secret (anyone holding it can post), so it is shown masked. */
export const slackChannel: ChannelDefinition<"slack", SlackSettings> = {
  type: "slack",
  target: "url",
  signed: false,
  configOf: (input) => ({ url: input.url }),
  settingsOf: async (config) => ({ type: "slack", url: configText(config, "url") }),
  describeTarget: (config) => maskUrl(configText(config, "url")),
  secretPreview: () => null,
  createTransport: (deps) =>
    slackTransport({
      policy: deps.addressPolicy,
      clock: deps.clock,
      context: deps.context,
      userAgent: NOTIFICATIONS_USER_AGENT,
    }),
};
