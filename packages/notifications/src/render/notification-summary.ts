import type { GroupableNotification, Notification } from "@pingpilot/domain";
import { formatDay, formatDuration, formatInstant, formatMs, formatPercent } from "./format.ts";
import type { RenderContext } from "./render-context.ts";

export type Tone = "down" | "up" | "warning" | "info";

export interface SummaryItem {
  text: string;
  link: string;
  tone: Tone;
}

/**
 * What a message says, independent of how a channel lays it out: a title, labelled facts, for grouped
 * messages one line per alert, and a link into the web app. Email, Slack and Discord render this.
 */
export interface NotificationSummary {
  title: string;
  tone: Tone;
  facts: Array<{ label: string; value: string }>;
  items: SummaryItem[];
  link: string;
  linkLabel: string;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

export function monitorLink(context: RenderContext, monitorId: string): string {
  return `${context.appUrl}/monitors/${monitorId}`;
}

function itemOf(item: GroupableNotification, context: RenderContext): SummaryItem {
  const link = monitorLink(context, item.monitor.id);
  const since = formatInstant(item.incident.startedAt, item.timezone);
  switch (item.kind) {
    case "incident_opened":
      return { text: `${item.monitor.name} is down since ${since}: ${item.incident.reason}`, link, tone: "down" };
    case "incident_resolved":
      return {
        text: `${item.monitor.name} is back up after ${formatDuration(item.incident.durationSeconds)}`,
        link,
        tone: "up",
      };
    case "reminder":
      return {
        text: `${item.monitor.name} is still down (since ${since}): ${item.incident.lastError}`,
        link,
        tone: "down",
      };
  }
}

function stormTitle(items: readonly GroupableNotification[]): string {
  const down = items.filter((item) => item.kind === "incident_opened").length;
  const up = items.filter((item) => item.kind === "incident_resolved").length;
  const still = items.filter((item) => item.kind === "reminder").length;
  const parts = [
    down > 0 ? `${plural(down, "monitor")} went down` : null,
    up > 0 ? `${plural(up, "monitor")} recovered` : null,
    still > 0 ? `${plural(still, "monitor")} still down` : null,
  ].filter((part): part is string => part !== null);
  return parts.join(", ") || "No changes";
}

export function summarize(notification: Notification, context: RenderContext): NotificationSummary {
  const zone = notification.timezone;
  switch (notification.kind) {
    case "incident_opened":
      return {
        title: `${notification.monitor.name} is down`,
        tone: "down",
        facts: [
          { label: "Reason", value: notification.incident.reason },
          { label: "Since", value: formatInstant(notification.incident.startedAt, zone) },
          ...(notification.monitor.target ? [{ label: "Target", value: notification.monitor.target }] : []),
        ],
        items: [],
        link: monitorLink(context, notification.monitor.id),
        linkLabel: "Open the monitor",
      };
    case "incident_resolved":
      return {
        title: `${notification.monitor.name} is back up`,
        tone: "up",
        facts: [
          { label: "Downtime", value: formatDuration(notification.incident.durationSeconds) },
          { label: "Down from", value: formatInstant(notification.incident.startedAt, zone) },
          { label: "Up again at", value: formatInstant(notification.incident.endedAt, zone) },
          { label: "Last error", value: notification.incident.lastError },
        ],
        items: [],
        link: monitorLink(context, notification.monitor.id),
        linkLabel: "Open the monitor",
      };
    case "certificate_expiring": {
      const { daysRemaining, expiresAt, issuer } = notification.certificate;
      return {
        title:
          daysRemaining <= 0
            ? `The certificate of ${notification.monitor.name} has expired`
            : `The certificate of ${notification.monitor.name} expires in ${plural(daysRemaining, "day")}`,
        tone: "warning",
        facts: [
          { label: "Expires", value: formatInstant(expiresAt, zone) },
          { label: "Issuer", value: issuer || "unknown" },
          ...(notification.monitor.target ? [{ label: "Target", value: notification.monitor.target }] : []),
        ],
        items: [],
        link: monitorLink(context, notification.monitor.id),
        linkLabel: "Open the monitor",
      };
    }
    case "reminder":
      return {
        title: `${notification.monitor.name} is still down`,
        tone: "down",
        facts: [
          {
            label: "Down for",
            value: formatDuration((notification.at.getTime() - notification.incident.startedAt.getTime()) / 1000),
          },
          { label: "Since", value: formatInstant(notification.incident.startedAt, zone) },
          { label: "Last error", value: notification.incident.lastError },
        ],
        items: [],
        link: monitorLink(context, notification.monitor.id),
        linkLabel: "Open the monitor",
      };
    case "storm":
      return {
        title: stormTitle(notification.items),
        tone: notification.items.some((item) => item.kind !== "incident_resolved") ? "down" : "up",
        facts: [],
        items: notification.items.map((item) => itemOf(item, context)),
        link: `${context.appUrl}/monitors`,
        linkLabel: "Open your monitors",
      };
    case "report": {
      const { figures, kind, firstDay, lastDay } = notification.report;
      return {
        title: `Your ${kind} report: ${formatDay(firstDay)} – ${formatDay(lastDay)}`,
        tone: "info",
        facts: [
          { label: "Uptime", value: formatPercent(figures.current.uptimePercent) },
          { label: "Incidents", value: String(figures.current.incidents) },
          { label: "Downtime", value: formatDuration(figures.current.downtimeSeconds) },
          { label: "Average latency", value: formatMs(figures.current.avgLatencyMs) },
          { label: "p95 latency", value: formatMs(figures.current.p95LatencyMs) },
        ],
        items: [],
        link: `${context.appUrl}/reports/${encodeURIComponent(notification.report.id)}`,
        linkLabel: "Open the report",
      };
    }
    case "test":
      return {
        title: "Test message from Ping Pilot",
        tone: "info",
        facts: [
          { label: "Channel", value: notification.channelName },
          { label: "Sent at", value: formatInstant(notification.at, zone) },
        ],
        items: [],
        link: `${context.appUrl}/settings/notifications`,
        linkLabel: "Notification settings",
      };
  }
}
