import type { ChannelType, Notification } from "@pingpilot/domain";

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

/** A channel's stored settings, as the outbox reads them (see @pingpilot/db's notification_channels). */
export type ChannelSettings =
  | { type: "email"; to: string }
  | { type: "webhook"; url: string; secret: string }
  | { type: "slack"; url: string }
  | { type: "discord"; url: string };

/** What every channel module implements: send one notification, never throw, say whether to retry. */
export interface ChannelTransport<T extends ChannelType = ChannelType> {
  readonly type: T;
  send(settings: Extract<ChannelSettings, { type: T }>, request: SendRequest): Promise<SendOutcome>;
}

/** The error text of an outcome, for logs. */
export function describeOutcome(outcome: SendOutcome): string {
  if (outcome.ok) return outcome.note ?? `sent${outcome.statusCode ? ` (${outcome.statusCode})` : ""}`;
  return outcome.error;
}
