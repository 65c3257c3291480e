import { escapeHtml } from "../render/format.ts";
import type { NotificationSummary, Tone } from "../render/notification-summary.ts";
import type { RenderContext } from "../render/render-context.ts";

const toneColor: Record<Tone, string> = { down: "#d92d20", up: "#079455", warning: "#dc6803", info: "#1570ef" };

export interface EmailBody {
  text: string;
  html: string;
}

/** Extra parts a specific email adds under the summary (the report's tables). */
export interface EmailSection {
  text: string[];
  html: string;
}

function footer(context: RenderContext): { text: string[]; html: string } {
  const settings = `${context.appUrl}/settings/notifications`;
  return {
    text: ["--", `Ping Pilot. Choose what you receive: ${settings}`],
    html: `<p style="color:#667085;font-size:12px;margin-top:32px">Ping Pilot · <a href="${escapeHtml(settings)}" style="color:#667085">Choose what you receive</a></p>`,
  };
}

/** The plain-text and HTML parts of a notification email, from the channel-neutral summary. */
export function layoutEmail(summary: NotificationSummary, context: RenderContext, extra?: EmailSection): EmailBody {
  const end = footer(context);
  const text = [
    summary.title,
    "",
    ...summary.facts.map((fact) => `${fact.label}: ${fact.value}`),
    ...summary.items.map((item) => `- ${item.text}\n  ${item.link}`),
    ...(extra ? ["", ...extra.text] : []),
    "",
    `${summary.linkLabel}: ${summary.link}`,
    "",
    ...end.text,
  ].join("\n");

  const facts = summary.facts.length
    ? `<table style="border-collapse:collapse">${summary.facts
        .map(
          (fact) =>
            `<tr><td style="padding:2px 16px 2px 0;color:#667085">${escapeHtml(fact.label)}</td><td style="padding:2px 0">${escapeHtml(fact.value)}</td></tr>`,
        )
        .join("")}</table>`
    : "";
  const items = summary.items.length
    ? `<ul style="padding-left:20px">${summary.items
        .map(
          (item) =>
            `<li style="margin:4px 0"><span style="color:${toneColor[item.tone]}">●</span> <a href="${escapeHtml(item.link)}">${escapeHtml(item.text)}</a></li>`,
        )
        .join("")}</ul>`
    : "";
  const html = [
    "<!doctype html>",
    '<html><body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;line-height:1.5;color:#101828">',
    `<h2 style="margin:0 0 16px;color:${toneColor[summary.tone]}">${escapeHtml(summary.title)}</h2>`,
    facts,
    items,
    extra?.html ?? "",
    `<p style="margin-top:24px"><a href="${escapeHtml(summary.link)}" style="background:#101828;color:#fff;padding:8px 14px;border-radius:6px;text-decoration:none">${escapeHtml(summary.linkLabel)}</a></p>`,
    end.html,
    "</body></html>",
  ].join("\n");
  return { text, html };
}
