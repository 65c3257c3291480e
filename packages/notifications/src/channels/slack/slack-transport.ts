import type { Notification } from "@pingpilot/domain";
import { truncate } from "../../render/format.ts";
import { summarize, type Tone } from "../../render/notification-summary.ts";
import type { RenderContext } from "../../render/render-context.ts";
import type { ChannelTransport } from "../channel.ts";
import { type HttpChannelDeps, postDelivery } from "../post-delivery.ts";

/** What a slack channel sends with (read from its stored config at send time). */
export interface SlackSettings {
  type: "slack";
  url: string;
}

const toneEmoji: Record<Tone, string> = {
  down: ":red_circle:",
  up: ":large_green_circle:",
  warning: ":warning:",
  info: ":information_source:",
};

/** Slack's mrkdwn needs &, < and > escaped; everything else is literal. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Slack allows 3,000 characters in a section's text and 50 blocks per message. */
export function slackMessage(notification: Notification, context: RenderContext): Record<string, unknown> {
  const summary = summarize(notification, context);
  const facts = summary.facts.map((fact) => `*${escapeMrkdwn(fact.label)}:* ${escapeMrkdwn(fact.value)}`);
  const items = summary.items.map((item) => `${toneEmoji[item.tone]} <${item.link}|${escapeMrkdwn(item.text)}>`);
  const body = truncate([...facts, ...items].join("\n"), 2_900);
  return {
    text: `${summary.title}`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: truncate(summary.title, 150), emoji: true } },
      ...(body ? [{ type: "section", text: { type: "mrkdwn", text: body } }] : []),
      {
        type: "context",
        elements: [
          { type: "mrkdwn", text: `${toneEmoji[summary.tone]} <${summary.link}|${escapeMrkdwn(summary.linkLabel)}>` },
        ],
      },
    ],
    unfurl_links: false,
  };
}

/** A Slack incoming webhook (`https://hooks.slack.com/services/…`). Slack cannot deduplicate retries. */
export function slackTransport(deps: HttpChannelDeps): ChannelTransport<SlackSettings> {
  return {
    type: "slack",
    send(settings, request) {
      return postDelivery(
        settings.url,
        JSON.stringify(slackMessage(request.notification, deps.context)),
        deps,
        request,
      );
    },
  };
}
