import { z } from "zod";
import { type EnvOf, flag, positiveInt } from "./env-fields.ts";

/** Every variable of the notifications outbox, alert policy and reports; spread into the environment schema. */
export const notificationsEnvShape = {
  /** Undispatched events fanned out, and due deliveries sent, per outbox run (every 5 s). */
  NOTIFY_BATCH_SIZE: positiveInt.max(5_000).default(200),
  /** Deliveries one scheduler instance sends at once. */
  NOTIFY_SEND_CONCURRENCY: positiveInt.max(200).default(10),
  /** How long one send (a webhook POST, a Resend call) may take before it counts as a timeout. */
  NOTIFY_SEND_TIMEOUT_MS: positiveInt.min(100).max(60_000).default(10_000),
  /** A claim on a delivery lasts the send timeout plus this; a crashed sender's delivery is retried after it. */
  NOTIFY_LEASE_MARGIN_MS: positiveInt.min(100).max(600_000).default(20_000),
  /** Retry n waits about base × 2^(n-1) (with jitter), never more than the max. */
  NOTIFY_RETRY_BASE_MS: positiveInt.min(100).max(3_600_000).default(10_000),
  NOTIFY_RETRY_MAX_MS: positiveInt.min(100).max(86_400_000).default(900_000),
  /** Attempts before a delivery is marked failed (kept for inspection in the delivery log). */
  NOTIFY_MAX_ATTEMPTS: positiveInt.max(50).default(8),
  /** Storm control: this many incidents of one user opening within the window are sent as one grouped message. */
  NOTIFY_STORM_THRESHOLD: positiveInt.min(2).max(1_000).default(5),
  NOTIFY_STORM_WINDOW_SECONDS: positiveInt.min(10).max(3_600).default(120),
  /** Delivered, failed and suppressed deliveries older than this are deleted. */
  NOTIFY_DELIVERY_RETENTION_DAYS: positiveInt.max(3_650).default(90),
  /** Weekly reports (Monday to Sunday in each user's time zone); monthly ones are optional. */
  REPORTS_WEEKLY: flag.default(true),
  REPORTS_MONTHLY: flag.default(false),
  /** Reports go out on the first day after their period, from this hour in the user's time zone. */
  REPORT_LOCAL_HOUR: z.coerce.number().int().min(0).max(23).default(8),
};

export interface NotificationsConfig {
  batchSize: number;
  sendConcurrency: number;
  sendTimeoutMs: number;
  leaseMarginMs: number;
  retry: { baseMs: number; maxMs: number; maxAttempts: number };
  storm: { threshold: number; windowSeconds: number };
  deliveryRetentionDays: number;
  reports: { weekly: boolean; monthly: boolean; localHour: number };
}

export function notificationsConfigFrom(e: EnvOf<typeof notificationsEnvShape>): NotificationsConfig {
  return {
    batchSize: e.NOTIFY_BATCH_SIZE,
    sendConcurrency: e.NOTIFY_SEND_CONCURRENCY,
    sendTimeoutMs: e.NOTIFY_SEND_TIMEOUT_MS,
    leaseMarginMs: e.NOTIFY_LEASE_MARGIN_MS,
    retry: {
      baseMs: e.NOTIFY_RETRY_BASE_MS,
      maxMs: Math.max(e.NOTIFY_RETRY_MAX_MS, e.NOTIFY_RETRY_BASE_MS),
      maxAttempts: e.NOTIFY_MAX_ATTEMPTS,
    },
    storm: { threshold: e.NOTIFY_STORM_THRESHOLD, windowSeconds: e.NOTIFY_STORM_WINDOW_SECONDS },
    deliveryRetentionDays: e.NOTIFY_DELIVERY_RETENTION_DAYS,
    reports: { weekly: e.REPORTS_WEEKLY, monthly: e.REPORTS_MONTHLY, localHour: e.REPORT_LOCAL_HOUR },
  };
}
