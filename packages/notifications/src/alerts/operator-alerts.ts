import { createAddressPolicy } from "@pingpilot/checks";
import type { OperatorAlertsConfig } from "@pingpilot/config";
import type { Database } from "@pingpilot/db";
import { isDuplicateKeyError } from "@pingpilot/db";
import type { Clock } from "@pingpilot/domain";
import type { Logger } from "@pingpilot/logger";
import { NOTIFICATIONS_USER_AGENT, postJson } from "../channels/vetted-post.ts";
import type { EmailSender } from "../email/email-sender.ts";

/** Something the operator should look at: an unhandled error, a job that keeps failing. */
export interface OperatorAlert {
  /** Rate-limit key and label: `uncaught-exception`, `unhandled-rejection`, `job-failing:<job>`. */
  kind: string;
  /** One line: what happened. */
  summary: string;
  details?: Record<string, string | number>;
}

export type OperatorAlertResult = "sent" | "suppressed" | "disabled" | "failed";

export interface OperatorAlerts {
  /** Logs the alert, then sends it unless one of its kind went out in this window. Never throws. */
  raise(alert: OperatorAlert): Promise<OperatorAlertResult>;
}

export interface OperatorAlertsDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  config: OperatorAlertsConfig;
  email: EmailSender;
  /** Which process raises it, e.g. `scheduler host-a-4242`. */
  source: string;
  sendTimeoutMs?: number;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The operator's alert channel (OPERATOR_ALERT_EMAIL, OPERATOR_ALERT_WEBHOOK_URL). At most one alert of
 * each kind per OPERATOR_ALERT_INTERVAL_MINUTES window across every process: the first to insert the
 * window's marker (`rate_limits`, `_id` = `operator-alert:<kind>:<window start>`) sends, the others
 * are suppressed; a unique-index insert, so exact on FerretDB too. When the database itself is the
 * problem, a per-process window stands in.
 */
export function createOperatorAlerts(deps: OperatorAlertsDeps): OperatorAlerts {
  const { config } = deps;
  const log = deps.logger.child({ component: "operator-alerts" });
  const windowMs = config.intervalMinutes * 60_000;
  const sentLocally = new Map<string, number>();

  async function firstInWindow(kind: string, windowStart: number): Promise<boolean> {
    const id = `operator-alert:${kind}:${windowStart}`;
    try {
      await deps.db.models.RateLimit.create({ _id: id, count: 1, expiresAt: new Date(windowStart + windowMs) });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      log.warn({ err: error }, "alert window not recorded in the database; limiting in this process only");
      const last = sentLocally.get(kind);
      return last === undefined || last < windowStart;
    }
  }

  async function sendEmail(to: string, alert: OperatorAlert, lines: string[], key: string): Promise<void> {
    await deps.email.send(
      {
        to,
        subject: `[Ping Pilot] ${alert.summary}`,
        text: `${lines.join("\n")}\n`,
        html: `<pre>${escapeHtml(lines.join("\n"))}</pre>`,
      },
      { idempotencyKey: key },
    );
  }

  async function sendWebhook(url: string, alert: OperatorAlert, lines: string[], at: Date): Promise<void> {
    const body = JSON.stringify({
      type: "operator.alert",
      kind: alert.kind,
      summary: alert.summary,
      details: alert.details ?? {},
      source: deps.source,
      occurredAt: at.toISOString(),
      text: lines.join("\n"),
    });
    // The operator configured this URL: its host is allowed even when it is internal.
    const policy = createAddressPolicy({ allow: [new URL(url).hostname.replace(/^\[|\]$/g, "")] });
    const outcome = await postJson(url, body, {
      policy,
      timeoutMs: deps.sendTimeoutMs ?? 10_000,
      nowMs: at.getTime(),
      headers: { "user-agent": NOTIFICATIONS_USER_AGENT, "x-pingpilot-event": "operator.alert" },
    });
    if (!outcome.ok) throw new Error(`webhook: ${outcome.error}`);
  }

  return {
    async raise(alert) {
      log.error({ kind: alert.kind, details: alert.details }, alert.summary);
      if (!config.enabled) return "disabled";
      const now = deps.clock.now();
      const windowStart = Math.floor(now.getTime() / windowMs) * windowMs;
      if (!(await firstInWindow(alert.kind, windowStart))) return "suppressed";
      sentLocally.set(alert.kind, now.getTime());
      const lines = [
        alert.summary,
        ...Object.entries(alert.details ?? {}).map(([name, value]) => `${name}: ${value}`),
        `source: ${deps.source}`,
        `at: ${now.toISOString()}`,
        `(at most one "${alert.kind}" alert per ${config.intervalMinutes} min; see the logs for every occurrence)`,
      ];
      const sends: Array<Promise<void>> = [];
      if (config.email)
        sends.push(sendEmail(config.email, alert, lines, `operator-alert:${alert.kind}:${windowStart}`));
      if (config.webhookUrl) sends.push(sendWebhook(config.webhookUrl, alert, lines, now));
      const results = await Promise.allSettled(sends);
      const failures = results.filter((result) => result.status === "rejected");
      for (const failure of failures)
        log.warn({ err: failure.reason, kind: alert.kind }, "operator alert not delivered");
      return failures.length === results.length ? "failed" : "sent";
    },
  };
}
