import type { IncidentOpenedNotification, Notification, ReportFigures } from "@pingpilot/domain";
import { describe, expect, it } from "vitest";
import { discordMessage } from "../src/channels/discord/discord-transport.ts";
import { slackMessage } from "../src/channels/slack/slack-transport.ts";
import { webhookPayload } from "../src/channels/webhook/webhook-payload.ts";
import { notificationEmail } from "../src/email/notification-email.ts";
import { retryDelayMs } from "../src/outbox/retry-delay.ts";

const context = { appUrl: "https://app.pingpilot.test" };
const opened: IncidentOpenedNotification = {
  kind: "incident_opened",
  at: new Date("2026-11-24T14:05:00Z"),
  timezone: "America/New_York",
  monitor: { id: "m1", name: "Shop <script>alert(1)</script> & co", type: "http", target: "https://shop.example/" },
  incident: {
    id: "i1",
    startedAt: new Date("2026-11-24T14:05:00Z"),
    reason: "status 503, expected 200-299",
    errorCode: "status",
  },
};

describe("messages on each channel", () => {
  it("an alert email has a plain-text and an escaped HTML part, in the owner's time zone, linking to the monitor", () => {
    const email = notificationEmail("ops@example.test", opened, context);
    expect(email.subject).toBe("Shop <script>alert(1)</script> & co is down");
    expect(email.text).toContain("Reason: status 503, expected 200-299");
    expect(email.text).toContain("Since: Tue, 24 Nov 2026, 09:05 GMT-5");
    expect(email.text).toContain("Open the monitor: https://app.pingpilot.test/monitors/m1");
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain("Shop &#60;script&#62;alert(1)&#60;/script&#62; &#38; co is down");
    expect(email.html).toContain('href="https://app.pingpilot.test/monitors/m1"');
  });

  it("a recovery says how long the monitor was down", () => {
    const email = notificationEmail(
      "ops@example.test",
      {
        kind: "incident_resolved",
        at: new Date("2026-11-24T15:10:00Z"),
        timezone: "UTC",
        monitor: opened.monitor,
        incident: {
          id: "i1",
          startedAt: new Date("2026-11-24T14:05:00Z"),
          endedAt: new Date("2026-11-24T15:10:00Z"),
          durationSeconds: 3_900,
          lastError: "timeout after 10 s",
        },
      },
      context,
    );
    expect(email.text).toContain("Downtime: 1 h 5 min");
    expect(email.text).toContain("Up again at: Tue, 24 Nov 2026, 15:10 UTC");
  });

  it("a Slack message escapes mrkdwn and links with Slack's own syntax", () => {
    const message = slackMessage(opened, context) as {
      text: string;
      blocks: Array<{ type: string; text?: { text: string }; elements?: Array<{ text: string }> }>;
    };
    expect(message.text).toBe("Shop <script>alert(1)</script> & co is down");
    const section = message.blocks.find((block) => block.type === "section")?.text?.text ?? "";
    expect(section).toContain("*Reason:* status 503, expected 200-299");
    const context_ = message.blocks.find((block) => block.type === "context")?.elements?.[0]?.text ?? "";
    expect(context_).toContain("<https://app.pingpilot.test/monitors/m1|Open the monitor>");
    expect(
      JSON.stringify(slackMessage({ ...opened, monitor: { ...opened.monitor, target: "<@U123>" } }, context)),
    ).toContain("&lt;@U123&gt;");
  });

  it("a Discord message is one coloured embed and never pings anyone", () => {
    const message = discordMessage(opened, context) as {
      allowed_mentions: { parse: string[] };
      embeds: Array<{ title: string; url: string; color: number; fields: Array<{ name: string; value: string }> }>;
    };
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expect(message.embeds[0]).toMatchObject({ url: "https://app.pingpilot.test/monitors/m1", color: 0xd92d20 });
    expect(message.embeds[0]?.fields.map((field) => field.name)).toEqual(["Reason", "Since", "Target"]);
    const long = discordMessage({ ...opened, monitor: { ...opened.monitor, name: "x".repeat(500) } }, context) as {
      embeds: Array<{ title: string }>;
    };
    expect(long.embeds[0]?.title.length).toBe(256);
  });

  it("a grouped storm message lists every alert it stands for", () => {
    const storm: Notification = {
      kind: "storm",
      at: opened.at,
      timezone: "UTC",
      items: [1, 2, 3].map((n) => ({ ...opened, monitor: { ...opened.monitor, id: `m${n}`, name: `API ${n}` } })),
    };
    const email = notificationEmail("ops@example.test", storm, context);
    expect(email.subject).toBe("3 monitors went down");
    for (const n of [1, 2, 3]) expect(email.text).toContain(`https://app.pingpilot.test/monitors/m${n}`);
    const body = JSON.parse(webhookPayload("storm:c:1", storm, context)) as {
      type: string;
      data: { items: unknown[] };
    };
    expect(body.type).toBe("incident.storm");
    expect(body.data.items).toHaveLength(3);
  });

  it("a report email compares each figure with the period before", () => {
    const period = (uptime: number, p95: number) => ({
      checks: 100,
      successes: uptime,
      failures: 100 - uptime,
      uptimePercent: uptime,
      incidents: 100 - uptime,
      downtimeSeconds: (100 - uptime) * 60,
      avgLatencyMs: 100,
      p95LatencyMs: p95,
    });
    const figures: ReportFigures = {
      current: period(99, 180),
      previous: period(97, 200),
      monitors: [{ monitorId: "m1", name: "API", type: "http", current: period(99, 180), previous: period(97, 200) }],
      incidents: [],
    };
    const email = notificationEmail(
      "me@example.test",
      {
        kind: "report",
        at: new Date("2026-11-23T08:00:00Z"),
        timezone: "UTC",
        report: { id: "u:weekly:2026-11-16", kind: "weekly", firstDay: "2026-11-16", lastDay: "2026-11-22", figures },
      },
      context,
    );
    expect(email.subject).toBe("Your weekly report: 16 Nov 2026 – 22 Nov 2026");
    expect(email.text).toContain("Uptime: 99.000 % (before: 97.00 %, ▲ 2.000 points)");
    expect(email.text).toContain("p95 latency: 180 ms (before: 200 ms, ▼ 20 ms)");
    expect(email.html).toContain("https://app.pingpilot.test/reports/u%3Aweekly%3A2026-11-16");
  });
});

describe("retry delays", () => {
  const policy = { baseMs: 10_000, maxMs: 900_000 };

  it("double after each failure, with jitter that keeps at least half of each wait, and stop growing at the cap", () => {
    expect([1, 2, 3, 4].map((failed) => retryDelayMs(failed, policy, () => 1))).toEqual([
      10_000, 20_000, 40_000, 80_000,
    ]);
    expect(retryDelayMs(1, policy, () => 0)).toBe(5_000);
    expect(retryDelayMs(20, policy, () => 1)).toBe(900_000);
    expect(retryDelayMs(20, policy, () => 0)).toBe(450_000);
  });

  it("wait at least as long as the receiver's Retry-After, but never past the cap", () => {
    expect(retryDelayMs(1, policy, () => 0.5, 60_000)).toBe(60_000);
    expect(retryDelayMs(1, policy, () => 0.5, 3_600_000)).toBe(900_000);
  });
});
