import type { Database } from "@pingpilot/db";
import type { Clock } from "@pingpilot/domain";
import type { Logger } from "@pingpilot/logger";
import type { SendOutcome } from "../channels/channel.ts";
import { type ChannelTransports, sendThrough } from "../channels/channel-transports.ts";
import { resolveTarget } from "../channels/resolve-settings.ts";
import { claimDelivery, type DeliveryClaim, releaseClaim } from "./claim-delivery.ts";
import { type RetryPolicy, retryDelayMs } from "./retry-delay.ts";
import { storedNotification } from "./stored-message.ts";

export interface SenderDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  transports: ChannelTransports;
  /** This scheduler instance (owner of its claims). */
  owner: string;
  sendTimeoutMs: number;
  leaseMarginMs: number;
  retry: RetryPolicy;
  batchSize: number;
  concurrency: number;
  /** Jitter source; tests pass a fixed one. */
  random: () => number;
  /** Aborted on shutdown: no new sends start. */
  signal?: AbortSignal;
  /** Told of every failed attempt (retried or final), by channel type: feeds a metrics counter. */
  onAttemptFailed?: (channelType: string) => void;
}

export type SendResult = "sent" | "retry" | "failed" | "skipped";

/** The last attempts kept on a delivery for its log. */
const maxLoggedAttempts = 20;

async function runLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      if (item !== undefined) await work(item);
    }
  });
  await Promise.all(workers);
}

type StoredDelivery = NonNullable<Awaited<ReturnType<typeof findDelivery>>>;

function findDelivery(db: Database, id: string) {
  return db.models.NotificationDelivery.findById(id).lean();
}

async function record(
  deps: SenderDeps,
  delivery: StoredDelivery,
  claim: DeliveryClaim,
  outcome: SendOutcome,
  durationMs: number,
): Promise<SendResult> {
  const now = deps.clock.now();
  const attempt = claim.attempt + 1;
  const entry = {
    attempt,
    at: now,
    ok: outcome.ok,
    statusCode: outcome.statusCode,
    error: outcome.ok ? (outcome.note ?? null) : outcome.error,
    durationMs: Math.round(durationMs),
    owner: deps.owner,
  };
  const log = [...(delivery.log ?? []), entry].slice(-maxLoggedAttempts);
  const base = { attempts: attempt, log, updatedAt: now };
  const deliveryLog = deps.logger.child({ deliveryId: delivery._id, attempt });
  if (!outcome.ok) deps.onAttemptFailed?.(delivery.channelType ?? "unknown");
  if (outcome.ok) {
    await deps.db.models.NotificationDelivery.updateOne(
      { _id: delivery._id },
      { $set: { ...base, status: "sent", sentAt: now, nextAttemptAt: null, lastError: null } },
    );
    deliveryLog.info({ kind: delivery.kind, channelType: delivery.channelType }, "notification sent");
    return "sent";
  }
  if (outcome.retryable && attempt < deps.retry.maxAttempts) {
    const delay = retryDelayMs(attempt, deps.retry, deps.random, outcome.retryAfterMs);
    await deps.db.models.NotificationDelivery.updateOne(
      { _id: delivery._id },
      { $set: { ...base, nextAttemptAt: new Date(now.getTime() + delay), lastError: outcome.error } },
    );
    deliveryLog.warn({ error: outcome.error, retryInMs: delay }, "notification not delivered; will retry");
    return "retry";
  }
  const reason = outcome.retryable ? `${outcome.error} (gave up after ${attempt} attempts)` : outcome.error;
  await deps.db.models.NotificationDelivery.updateOne(
    { _id: delivery._id },
    { $set: { ...base, status: "failed", nextAttemptAt: null, lastError: reason } },
  );
  deliveryLog.warn({ error: reason }, "notification failed");
  return "failed";
}

/** Whether a delivery is still this claim's to send (another sender may have finished it meanwhile). */
function stillDue(delivery: StoredDelivery, claim: DeliveryClaim, now: Date): boolean {
  if (delivery.status !== "pending" || delivery.attempts > claim.attempt) return false;
  return !delivery.nextAttemptAt || delivery.nextAttemptAt.getTime() <= now.getTime();
}

/**
 * Claims and sends one delivery. Only the winner of the attempt's claim sends; it re-reads the
 * delivery after winning (another sender may have finished it meanwhile), sends with the delivery id
 * as idempotency key, and records the outcome: sent, a retry after a backoff, or failed (kept).
 */
export async function sendDelivery(
  deps: SenderDeps,
  deliveryId: string,
  recordedAttempts: number,
): Promise<SendResult> {
  if (deps.signal?.aborted) return "skipped";
  const { db } = deps;
  const now = deps.clock.now();
  const claim = await claimDelivery(db, {
    deliveryId,
    recordedAttempts,
    owner: deps.owner,
    now,
    leaseMs: deps.sendTimeoutMs + deps.leaseMarginMs,
    maxTries: deps.retry.maxAttempts + 1,
  });
  if (!claim) return "skipped";
  const delivery = await findDelivery(db, deliveryId);
  if (!delivery || !stillDue(delivery, claim, now)) {
    await releaseClaim(db, claim, deps.owner);
    return "skipped";
  }
  if (claim.attempt >= deps.retry.maxAttempts) {
    const outcome = {
      ok: false,
      retryable: false,
      statusCode: null,
      error: "no outcome was recorded for the last attempt (its sender stopped)",
    } as const;
    return record(deps, delivery, claim, outcome, 0);
  }
  const notification = storedNotification(delivery.message);
  if (!notification) {
    const error = "the stored message is not a valid notification";
    return record(deps, delivery, claim, { ok: false, retryable: false, statusCode: null, error }, 0);
  }
  const target = await resolveTarget(db, delivery);
  if ("missing" in target) {
    return record(deps, delivery, claim, { ok: false, retryable: false, statusCode: null, error: target.missing }, 0);
  }
  const started = performance.now();
  const outcome = await sendThrough(deps.transports, target.settings, {
    notification,
    deliveryId,
    attempt: claim.attempt + 1,
    timeoutMs: deps.sendTimeoutMs,
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
  return record(deps, delivery, claim, outcome, performance.now() - started);
}

/** Sends every due delivery (pending, `nextAttemptAt` passed), a bounded number at a time. */
export async function sendDueDeliveries(deps: SenderDeps): Promise<Record<SendResult, number>> {
  const counts: Record<SendResult, number> = { sent: 0, retry: 0, failed: 0, skipped: 0 };
  const due = await deps.db.models.NotificationDelivery.find(
    { status: "pending", nextAttemptAt: { $lte: deps.clock.now() } },
    { attempts: 1 },
  )
    .sort({ nextAttemptAt: 1 })
    .limit(deps.batchSize)
    .lean();
  await runLimited(due, deps.concurrency, async (delivery) => {
    const result = await sendDelivery(deps, delivery._id, delivery.attempts ?? 0).catch((error: unknown) => {
      deps.logger.error({ err: error, deliveryId: delivery._id }, "delivery could not be processed");
      return "skipped" as const;
    });
    counts[result] += 1;
  });
  return counts;
}
