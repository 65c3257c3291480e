import { randomBytes } from "node:crypto";
import { type ChannelDefinition, configText } from "../channel.ts";
import { NOTIFICATIONS_USER_AGENT } from "../vetted-post.ts";
import { type WebhookSettings, webhookTransport } from "./webhook-transport.ts";

/** A fresh webhook signing secret: `whsec_` and 256 random bits. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

/** A generic webhook: signed JSON posts; the URL is shown as it is, the secret never (its start only). */
export const webhookChannel: ChannelDefinition<"webhook", WebhookSettings> = {
  type: "webhook",
  target: "url",
  signed: true,
  configOf: (input) => ({ url: input.url, secret: newWebhookSecret() }),
  settingsOf: async (config) => ({
    type: "webhook",
    url: configText(config, "url"),
    secret: configText(config, "secret"),
  }),
  describeTarget: (config) => configText(config, "url"),
  secretPreview: (config) => `${configText(config, "secret").slice(0, 10)}…`,
  createTransport: (deps) =>
    webhookTransport({
      policy: deps.addressPolicy,
      clock: deps.clock,
      context: deps.context,
      userAgent: NOTIFICATIONS_USER_AGENT,
    }),
};
