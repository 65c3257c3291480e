import { z } from "zod";
import type { EnvOf } from "./env-fields.ts";

/** The operator's alert channel; spread into the environment schema. */
export const operatorAlertsEnvShape = {
  /** Where unhandled errors and repeatedly failing jobs are reported by email (through Resend). */
  OPERATOR_ALERT_EMAIL: z.email("must be an email address").optional(),
  /** Where they are POSTed as JSON (Slack-compatible `text` field included). */
  OPERATOR_ALERT_WEBHOOK_URL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  /** At most one alert of each kind per this many minutes, across every process. */
  OPERATOR_ALERT_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(1_440).default(30),
  /** A job failing this many runs in a row raises an alert. */
  OPERATOR_ALERT_JOB_FAILURES: z.coerce.number().int().min(1).max(100).default(3),
};

export interface OperatorAlertsConfig {
  /** False when neither an email address nor a webhook URL is set: alerts are only logged. */
  enabled: boolean;
  email: string | undefined;
  webhookUrl: string | undefined;
  intervalMinutes: number;
  jobFailuresInARow: number;
}

export function operatorAlertsConfigFrom(e: EnvOf<typeof operatorAlertsEnvShape>): OperatorAlertsConfig {
  return {
    enabled: e.OPERATOR_ALERT_EMAIL !== undefined || e.OPERATOR_ALERT_WEBHOOK_URL !== undefined,
    email: e.OPERATOR_ALERT_EMAIL,
    webhookUrl: e.OPERATOR_ALERT_WEBHOOK_URL,
    intervalMinutes: e.OPERATOR_ALERT_INTERVAL_MINUTES,
    jobFailuresInARow: e.OPERATOR_ALERT_JOB_FAILURES,
  };
}
