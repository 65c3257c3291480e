import type { EmailConfig } from "@pingpilot/config";
import type { Logger } from "@pingpilot/logger";
import { Resend } from "resend";

export interface EmailMessage {
  to: string;
  subject: string;
  /** Plain-text part: always present, for clients that do not render HTML. */
  text: string;
  html: string;
}

export interface EmailSendOptions {
  /**
   * Sent as Resend's `Idempotency-Key`: Resend sends one email per key within 24 hours, so a retry
   * after a crash or a timeout does not email twice. The outbox passes the delivery id.
   */
  idempotencyKey?: string;
  /** Aborts the request (a timeout, shutdown). */
  signal?: AbortSignal;
}

export interface EmailSendResult {
  /** Resend's id of the email; null when it was only logged. */
  id: string | null;
  /** True when no API key is configured and the email went to the log instead. */
  logged: boolean;
}

/** The one interface every email goes through. */
export interface EmailSender {
  send(message: EmailMessage, options?: EmailSendOptions): Promise<EmailSendResult>;
}

export interface EmailSenderOptions {
  /** Resend API key; without it the sender only logs. */
  apiKey: string | undefined;
  /** Another Resend-compatible endpoint (tests use a local HTTP server). */
  baseUrl?: string | undefined;
  from: string;
  logger: Logger;
  /**
   * Without an API key: log the whole email (development, so links can be followed) or only that one
   * was not sent (production, where emails carry secrets such as reset links).
   */
  logContent: boolean;
}

export class EmailSendError extends Error {
  /** Resend's HTTP status; null when no answer came (connection error, timeout). */
  readonly statusCode: number | null;
  /** Whether trying again later may succeed (no answer, 409 concurrent request, 429, 5xx). */
  readonly retryable: boolean;

  constructor(message: string, details: { statusCode?: number | null; retryable?: boolean } = {}) {
    super(message);
    this.name = "EmailSendError";
    this.statusCode = details.statusCode ?? null;
    this.retryable = details.retryable ?? false;
  }
}

function isRetryableStatus(status: number | null): boolean {
  return status === null || status === 408 || status === 409 || status === 429 || status >= 500;
}

/** The process's email sender from its configuration: the one place these settings are read. */
export function emailSenderFromConfig(email: EmailConfig, logger: Logger): EmailSender {
  return createEmailSender({
    apiKey: email.resendApiKey,
    baseUrl: email.resendBaseUrl,
    from: email.from,
    logContent: email.logContent,
    logger,
  });
}

/** Sends email through Resend, or writes it to the log when no API key is configured. */
export function createEmailSender(options: EmailSenderOptions): EmailSender {
  const log = options.logger.child({ component: "email" });
  if (!options.apiKey) {
    return {
      async send(message) {
        if (options.logContent) {
          log.info(
            { to: message.to, subject: message.subject, text: message.text },
            "email not sent (no RESEND_API_KEY)",
          );
        } else {
          log.warn({ subject: message.subject }, "email not sent: RESEND_API_KEY is not set");
        }
        return { id: null, logged: true };
      },
    };
  }
  const resend = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/$/, "") } : {});
  return {
    async send(message, sendOptions = {}) {
      const { data, error } = await resend.emails.send(
        { from: options.from, to: message.to, subject: message.subject, text: message.text, html: message.html },
        {
          ...(sendOptions.idempotencyKey ? { idempotencyKey: sendOptions.idempotencyKey } : {}),
          ...(sendOptions.signal ? { signal: sendOptions.signal } : {}),
        },
      );
      if (error) {
        // The SDK answers a failed fetch (refused, reset, aborted) with statusCode null instead of throwing.
        if (sendOptions.signal?.aborted) {
          throw new EmailSendError("email could not be sent: the request was aborted (timeout)", { retryable: true });
        }
        const statusCode = typeof error.statusCode === "number" ? error.statusCode : null;
        throw new EmailSendError(`email could not be sent: ${error.message}`, {
          statusCode,
          retryable: isRetryableStatus(statusCode),
        });
      }
      log.info({ emailId: data?.id, subject: message.subject }, "email sent");
      return { id: data?.id ?? null, logged: false };
    },
  };
}
