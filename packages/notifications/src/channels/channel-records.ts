import { randomBytes } from "node:crypto";
import {
  AddressNotAllowedError,
  type AddressPolicy,
  HostResolutionError,
  resolveVettedAddresses,
} from "@pingpilot/checks";
import type { NotificationChannelDocument } from "@pingpilot/db";
import { type ChannelType, type ChannelView, InvalidInputError } from "@pingpilot/domain";
import type { Types } from "mongoose";

/** How long saving a channel waits for DNS before it gives the name the benefit of the doubt. */
const lookupTimeoutMs = 3_000;

/** A fresh webhook signing secret: `whsec_` and 256 random bits. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

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

/** Chat webhook URLs are secrets (anyone holding one can post): show the host and the last characters. */
function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}/…${url.slice(-4)}`;
  } catch {
    return "…";
  }
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

export function toChannelView(channel: NotificationChannelDocument & { _id: Types.ObjectId }): ChannelView {
  const type = channel.type as ChannelType;
  const { config } = channel;
  const target =
    type === "email"
      ? text(config.to) || "account notification email"
      : type === "webhook"
        ? text(config.url)
        : maskUrl(text(config.url));
  return {
    id: channel._id.toString(),
    name: channel.name,
    type,
    isDefault: channel.isDefault,
    reminderIntervalMinutes: channel.reminderIntervalMinutes ?? null,
    target,
    secretPreview: type === "webhook" ? `${text(config.secret).slice(0, 10)}…` : null,
    createdAt: channel.createdAt,
    updatedAt: channel.updatedAt,
  };
}
