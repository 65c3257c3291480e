import { type ChannelType, channelTypes } from "@pingpilot/domain";
import type { ChannelTransport, ChannelTransportDeps, SendOutcome, SendRequest } from "./channel.ts";
import { type ChannelSettings, channelDefinition } from "./channel-registry.ts";

export type { ChannelTransportDeps } from "./channel.ts";

export type ChannelTransports = { [T in ChannelType]: ChannelTransport<Extract<ChannelSettings, { type: T }>> };

/** One transport per channel of the registry, behind one interface. */
export function createChannelTransports(deps: ChannelTransportDeps): ChannelTransports {
  return Object.fromEntries(
    channelTypes.map((type) => [type, channelDefinition(type).createTransport(deps)]),
  ) as ChannelTransports;
}

/** Sends through the transport of the settings' type. */
export function sendThrough(
  transports: ChannelTransports,
  settings: ChannelSettings,
  request: SendRequest,
): Promise<SendOutcome> {
  const transport: ChannelTransport<ChannelSettings> = transports[settings.type];
  return transport.send(settings, request);
}
