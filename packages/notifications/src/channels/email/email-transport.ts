import { EmailSendError, type EmailSender } from "../../email/email-sender.ts";
import { notificationEmail } from "../../email/notification-email.ts";
import type { RenderContext } from "../../render/render-context.ts";
import type { ChannelTransport } from "../channel.ts";

/** What a email channel sends with (read from its stored config at send time). */
export interface EmailSettings {
  type: "email";
  to: string;
}

/**
 * Email through Resend (or the log, without RESEND_API_KEY). The delivery id goes to Resend as the
 * `Idempotency-Key`, so a retry after a crash or a timeout is not a second email.
 */
export function emailTransport(deps: { sender: EmailSender; context: RenderContext }): ChannelTransport<EmailSettings> {
  return {
    type: "email",
    async send(settings, request) {
      const timeout = AbortSignal.timeout(request.timeoutMs);
      const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
      try {
        const result = await deps.sender.send(notificationEmail(settings.to, request.notification, deps.context), {
          idempotencyKey: request.deliveryId,
          signal,
        });
        return result.logged
          ? { ok: true, statusCode: null, note: "logged, not sent (no RESEND_API_KEY)" }
          : { ok: true, statusCode: 200 };
      } catch (error) {
        if (timeout.aborted) {
          return { ok: false, retryable: true, statusCode: null, error: `timeout after ${request.timeoutMs} ms` };
        }
        if (error instanceof EmailSendError) {
          return { ok: false, retryable: error.retryable, statusCode: error.statusCode, error: error.message };
        }
        return { ok: false, retryable: true, statusCode: null, error: String(error) };
      }
    },
  };
}
