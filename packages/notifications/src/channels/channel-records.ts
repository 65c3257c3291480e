import {
  AddressNotAllowedError,
  type AddressPolicy,
  HostResolutionError,
  resolveVettedAddresses,
} from "@pingpilot/checks";
import type { NotificationChannelDocument } from "@pingpilot/db";
import { type ChannelType, type ChannelView, InvalidInputError } from "@pingpilot/domain";
import type { Types } from "mongoose";
import { channelDefinition } from "./channel-registry.ts";

/** How long saving a channel waits for DNS before it gives the name the benefit of the doubt. */
const lookupTimeoutMs = 3_000;

/**
 * The SSRF rule on save (it runs again on every send, connection by connection): a channel URL may not
 * point at loopback, private, link-local, reserved or cloud-metadata addresses unless the allow-list
 * (MONITOR_ADDRESS_ALLOWLIST) says so. A name that does not resolve yet is accepted.
 */
export async function assertChannelUrlAllowed(url: string, policy: AddressPolicy): Promise<void> {
  const host = new URL(url).hostname;
  try {
    await resolveVettedAddresses(host, policy, AbortSignal.timeout(lookupTimeoutMs));
  } catch (error) {
    if (error instanceof AddressNotAllowedError) throw new InvalidInputError(error.message, "url");
    if (error instanceof HostResolutionError) return;
    if (error instanceof DOMException && error.name === "TimeoutError") return;
    throw error;
  }
}

export function toChannelView(channel: NotificationChannelDocument & { _id: Types.ObjectId }): ChannelView {
  const type = channel.type as ChannelType;
  const definition = channelDefinition(type);
  return {
    id: channel._id.toString(),
    name: channel.name,
    type,
    isDefault: channel.isDefault,
    reminderIntervalMinutes: channel.reminderIntervalMinutes ?? null,
    target: definition.describeTarget(channel.config),
    secretPreview: definition.secretPreview(channel.config),
    createdAt: channel.createdAt,
    updatedAt: channel.updatedAt,
  };
}
