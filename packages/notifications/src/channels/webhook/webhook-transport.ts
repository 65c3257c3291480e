import type { AddressPolicy } from "@pingpilot/checks";
import type { Clock } from "@pingpilot/domain";
import type { RenderContext } from "../../render/render-context.ts";
import type { ChannelTransport } from "../channel.ts";
import { postJson } from "../vetted-post.ts";
import { webhookEventTypes, webhookPayload } from "./webhook-payload.ts";
import { SIGNATURE_HEADER, signWebhook } from "./webhook-signature.ts";

/** What a webhook channel sends with (read from its stored config at send time). */
export interface WebhookSettings {
  type: "webhook";
  url: string;
  secret: string;
}

export const DELIVERY_ID_HEADER = "x-pingpilot-delivery-id";

/**
 * A generic webhook: a JSON body, signed (`x-pingpilot-signature: t=<unix>,v1=<HMAC-SHA256 hex>` over
 * `<t>.<body>`), with the delivery id in `x-pingpilot-delivery-id` so receivers can drop repeats.
 */
export function webhookTransport(deps: {
  policy: AddressPolicy;
  clock: Clock;
  context: RenderContext;
  userAgent: string;
}): ChannelTransport<WebhookSettings> {
  return {
    type: "webhook",
    send(settings, request) {
      const body = webhookPayload(request.deliveryId, request.notification, deps.context);
      const now = deps.clock.now().getTime();
      return postJson(settings.url, body, {
        policy: deps.policy,
        timeoutMs: request.timeoutMs,
        nowMs: now,
        ...(request.signal ? { signal: request.signal } : {}),
        headers: {
          "user-agent": deps.userAgent,
          [DELIVERY_ID_HEADER]: request.deliveryId,
          "x-pingpilot-event": webhookEventTypes[request.notification.kind],
          "x-pingpilot-attempt": String(request.attempt),
          [SIGNATURE_HEADER]: signWebhook(settings.secret, body, Math.floor(now / 1000)),
        },
      });
    },
  };
}
