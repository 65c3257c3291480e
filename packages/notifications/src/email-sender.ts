import type { Logger } from "@pingpilot/logger";
import { Resend } from "resend";

export interface EmailMessage {
  to: string;
  subject: string;
  /** Plain-text part: always present, for clients that do not render HTML. */
  text: string;
  html: string;
}

/** The one interface every email goes through. */
export interface EmailSender {
  send(message: EmailMessage): Promise<void>;
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
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "EmailSendError";
  }
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
      },
    };
  }
  const resend = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/$/, "") } : {});
  return {
    async send(message) {
      const { data, error } = await resend.emails.send({
        from: options.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
      });
      if (error) throw new EmailSendError(`email could not be sent: ${error.message}`);
      log.info({ emailId: data?.id, subject: message.subject }, "email sent");
    },
  };
}
