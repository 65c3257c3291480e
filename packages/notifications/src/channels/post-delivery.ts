import type { AddressPolicy } from "@pingpilot/checks";
import type { Clock } from "@pingpilot/domain";
import type { RenderContext } from "../render/render-context.ts";
import type { SendOutcome, SendRequest } from "./channel.ts";
import { postJson } from "./vetted-post.ts";

/** Every delivery POST carries its id, the same on every attempt, so receivers can drop repeats. */
export const DELIVERY_ID_HEADER = "x-pingpilot-delivery-id";

/** What a channel that POSTs JSON to a URL sends with. */
export interface HttpChannelDeps {
  policy: AddressPolicy;
  clock: Clock;
  context: RenderContext;
  userAgent: string;
}

/**
 * POSTs one delivery's JSON body through the SSRF-vetted transport, within the attempt's timeout and
 * abort signal, with the user agent and the delivery id; `headers` adds a channel's own.
 */
export function postDelivery(
  url: string,
  body: string,
  deps: HttpChannelDeps,
  request: SendRequest,
  headers: Record<string, string> = {},
): Promise<SendOutcome> {
  return postJson(url, body, {
    policy: deps.policy,
    timeoutMs: request.timeoutMs,
    nowMs: deps.clock.now().getTime(),
    ...(request.signal ? { signal: request.signal } : {}),
    headers: { "user-agent": deps.userAgent, [DELIVERY_ID_HEADER]: request.deliveryId, ...headers },
  });
}
