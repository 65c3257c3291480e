import type { ChannelTransport } from "../channel.ts";
import { type HttpChannelDeps, postDelivery } from "../post-delivery.ts";
import { webhookEventTypes, webhookPayload } from "./webhook-payload.ts";
import { SIGNATURE_HEADER, signWebhook } from "./webhook-signature.ts";

/** What a webhook channel sends with (read from its stored config at send time). */
export interface WebhookSettings {
  type: "webhook";
  url: string;
  secret: string;
}

/**
 * A generic webhook: a JSON body, signed (`x-pingpilot-signature: t=<unix>,v1=<HMAC-SHA256 hex>` over
 * `<t>.<body>`), with the delivery id in `x-pingpilot-delivery-id` so receivers can drop repeats.
 */
export function webhookTransport(deps: HttpChannelDeps): ChannelTransport<WebhookSettings> {
  return {
    type: "webhook",
    send(settings, request) {
      const body = webhookPayload(request.deliveryId, request.notification, deps.context);
      const signedAt = Math.floor(deps.clock.now().getTime() / 1000);
      return postDelivery(settings.url, body, deps, request, {
        "x-pingpilot-event": webhookEventTypes[request.notification.kind],
        "x-pingpilot-attempt": String(request.attempt),
        [SIGNATURE_HEADER]: signWebhook(settings.secret, body, signedAt),
      });
    },
  };
}
