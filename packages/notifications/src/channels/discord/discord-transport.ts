import type { Notification } from "@pingpilot/domain";
import { truncate } from "../../render/format.ts";
import { summarize, type Tone } from "../../render/notification-summary.ts";
import type { RenderContext } from "../../render/render-context.ts";
import type { ChannelTransport } from "../channel.ts";
import { type HttpChannelDeps, postDelivery } from "../post-delivery.ts";

/** What a discord channel sends with (read from its stored config at send time). */
export interface DiscordSettings {
  type: "discord";
  url: string;
}

const toneColor: Record<Tone, number> = { down: 0xd92d20, up: 0x079455, warning: 0xdc6803, info: 0x1570ef };

/** One embed: title ≤ 256, description ≤ 4,096, ≤ 25 fields of ≤ 1,024 characters (Discord's limits). */
export function discordMessage(notification: Notification, context: RenderContext): Record<string, unknown> {
  const summary = summarize(notification, context);
  const description = summary.items.map((item) => `• [${item.text.replace(/[[\]]/g, "")}](${item.link})`).join("\n");
  return {
    username: "Ping Pilot",
    // Never ping @everyone or roles because a monitor's name or an error text says so.
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title: truncate(summary.title, 256),
        url: summary.link,
        color: toneColor[summary.tone],
        timestamp: notification.at.toISOString(),
        ...(description ? { description: truncate(description, 4_000) } : {}),
        fields: summary.facts.slice(0, 25).map((fact) => ({
          name: truncate(fact.label, 256),
          value: truncate(fact.value || "–", 1_024),
          inline: fact.value.length < 40,
        })),
      },
    ],
  };
}

/** A Discord webhook (`https://discord.com/api/webhooks/…`). Discord cannot deduplicate retries. */
export function discordTransport(deps: HttpChannelDeps): ChannelTransport<DiscordSettings> {
  return {
    type: "discord",
    send(settings, request) {
      return postDelivery(
        settings.url,
        JSON.stringify(discordMessage(request.notification, deps.context)),
        deps,
        request,
      );
    },
  };
}
