import type { AddressPolicy } from "@pingpilot/checks";
import type { ChannelType, Clock } from "@pingpilot/domain";
import type { EmailSender } from "../email-sender.ts";
import type { RenderContext } from "../render/render-context.ts";
import type { ChannelSettings, ChannelTransport, SendOutcome, SendRequest } from "./channel.ts";
import { discordChannel } from "./discord.ts";
import { emailChannel } from "./email.ts";
import { slackChannel } from "./slack.ts";
import { webhookChannel } from "./webhook.ts";

export const NOTIFICATIONS_USER_AGENT = "PingPilot-Notifications/1.0";

export interface ChannelTransportDeps {
  email: EmailSender;
  /** The address rules channel URLs are sent under (MONITOR_ADDRESS_ALLOWLIST). */
  addressPolicy: AddressPolicy;
  clock: Clock;
  context: RenderContext;
}

export type ChannelTransports = { [T in ChannelType]: ChannelTransport<T> };

/** One module per channel, behind one interface. */
export function createChannelTransports(deps: ChannelTransportDeps): ChannelTransports {
  const http = {
    policy: deps.addressPolicy,
    clock: deps.clock,
    context: deps.context,
    userAgent: NOTIFICATIONS_USER_AGENT,
  };
  return {
    email: emailChannel({ sender: deps.email, context: deps.context }),
    webhook: webhookChannel(http),
    slack: slackChannel(http),
    discord: discordChannel(http),
  };
}

/** Sends through the transport of the settings' type. */
export function sendThrough(
  transports: ChannelTransports,
  settings: ChannelSettings,
  request: SendRequest,
): Promise<SendOutcome> {
  switch (settings.type) {
    case "email":
      return transports.email.send(settings, request);
    case "webhook":
      return transports.webhook.send(settings, request);
    case "slack":
      return transports.slack.send(settings, request);
    case "discord":
      return transports.discord.send(settings, request);
  }
}
