import { type ChannelDefinition, configText } from "../channel.ts";
import { type EmailSettings, emailTransport } from "./email-transport.ts";

/** Email: to the channel's address, or (`to: null`) the account's notification email, read at send time. */
export const emailChannel: ChannelDefinition<"email", EmailSettings> = {
  type: "email",
  target: "to",
  signed: false,
  configOf: (input) => ({ to: input.to }),
  async settingsOf(config, accountEmail) {
    const to = configText(config, "to") || (await accountEmail());
    return to ? { type: "email", to } : null;
  },
  describeTarget: (config) => configText(config, "to") || "account notification email",
  secretPreview: () => null,
  createTransport: (deps) => emailTransport({ sender: deps.email, context: deps.context }),
};
