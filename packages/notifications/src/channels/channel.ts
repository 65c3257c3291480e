import type { AddressPolicy } from "@pingpilot/checks";
import type { ChannelType, Clock, CreateChannelData, Notification } from "@pingpilot/domain";
import type { EmailSender } from "../email/email-sender.ts";
import type { RenderContext } from "../render/render-context.ts";

/** One attempt to send one delivery. */
export interface SendRequest {
  notification: Notification;
  /** The delivery's id: also its idempotency key, the same on every attempt. */
  deliveryId: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** The send is a timeout after this long. */
  timeoutMs: number;
  /** Aborted on shutdown. */
  signal?: AbortSignal;
}

export type SendOutcome =
  | { ok: true; statusCode: number | null; note?: string }
  | {
      ok: false;
      /** Whether a later attempt may succeed (timeout, connection error, 408/409/425/429, 5xx). */
      retryable: boolean;
      statusCode: number | null;
      error: string;
      /** The receiver asked to wait this long (Retry-After). */
      retryAfterMs?: number;
    };

/**
 * What every channel's transport implements: send one notification with the channel's settings, never
 * throw, say whether to retry. (`send` is a method so a transport of one channel's settings fits the
 * registry's union.)
 */
export interface ChannelTransport<S extends { type: ChannelType }> {
  readonly type: S["type"];
  send(settings: S, request: SendRequest): Promise<SendOutcome>;
}

/** What the transports of every channel may use; each channel's `createTransport` picks its part. */
export interface ChannelTransportDeps {
  email: EmailSender;
  /** The address rules channel URLs are sent under (MONITOR_ADDRESS_ALLOWLIST). */
  addressPolicy: AddressPolicy;
  clock: Clock;
  context: RenderContext;
}

/** The stored form of a channel's settings (`notification_channels.config`). */
export type StoredChannelConfig = Record<string, unknown>;

/**
 * One channel type, whole: how its validated input becomes its stored config, how the stored config
 * becomes the settings it sends with, how the channel is shown (secrets masked), and its transport.
 * Each lives in `channels/<kind>/<kind>-channel.ts`; `channel-registry.ts` lists them.
 */
export interface ChannelDefinition<T extends ChannelType, S extends { type: T }> {
  readonly type: T;
  /** The input field `channel.update` may change (`to` for email, `url` for the others). */
  readonly target: "to" | "url";
  /** Whether the channel has a signing secret (`channel.rotateSecret`). */
  readonly signed: boolean;
  /** The stored config of a new channel, from its validated input (a secret is generated here). */
  configOf(input: Extract<CreateChannelData, { type: T }>): StoredChannelConfig;
  /**
   * The settings to send with, read at send time; `accountEmail` gives the owner's notification email
   * (null once the account is gone). Null: there is nowhere to send to.
   */
  settingsOf(config: StoredChannelConfig, accountEmail: () => Promise<string | null>): Promise<S | null>;
  /** Where it sends, for `channel.list`: secrets masked. */
  describeTarget(config: StoredChannelConfig): string;
  /** The start of the signing secret, to tell secrets apart; null for unsigned channels. */
  secretPreview(config: StoredChannelConfig): string | null;
  createTransport(deps: ChannelTransportDeps): ChannelTransport<S>;
}

/** A string field of a stored config ("" when it is missing). */
export function configText(config: StoredChannelConfig, field: string): string {
  const value = config[field];
  return typeof value === "string" ? value : "";
}

/** The error text of an outcome, for logs. */
export function describeOutcome(outcome: SendOutcome): string {
  if (outcome.ok) return outcome.note ?? `sent${outcome.statusCode ? ` (${outcome.statusCode})` : ""}`;
  return outcome.error;
}
