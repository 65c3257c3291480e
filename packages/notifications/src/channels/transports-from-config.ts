import { createAddressPolicy } from "@pingpilot/checks";
import type { Config } from "@pingpilot/config";
import type { Clock } from "@pingpilot/domain";
import type { Logger } from "@pingpilot/logger";
import { emailSenderFromConfig } from "../email/email-sender.ts";
import { type ChannelTransports, createChannelTransports } from "./channel-transports.ts";

/**
 * The channel transports a process sends with, from its configuration: Resend (or the log without
 * RESEND_API_KEY), the address rules of MONITOR_ADDRESS_ALLOWLIST, links to APP_URL.
 */
export function channelTransportsFromConfig(config: Config, deps: { clock: Clock; logger: Logger }): ChannelTransports {
  return createChannelTransports({
    email: emailSenderFromConfig(config.email, deps.logger),
    addressPolicy: createAddressPolicy({ allow: config.monitoring.addressAllowList }),
    clock: deps.clock,
    context: { appUrl: config.appUrl },
  });
}
