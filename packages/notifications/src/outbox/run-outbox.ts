import type { NotificationsConfig } from "@pingpilot/config";
import type { Database } from "@pingpilot/db";
import type { Clock } from "@pingpilot/domain";
import type { Logger } from "@pingpilot/logger";
import type { ChannelTransports } from "../channels/channel-transports.ts";
import { type MaintenanceWindows, noMaintenanceWindows } from "./alert-policy.ts";
import { fanOutEvents } from "./fan-out-events.ts";
import { flushStorms } from "./flush-storms.ts";
import { scheduleReminders } from "./schedule-reminders.ts";
import { sendDueDeliveries } from "./send-due-deliveries.ts";

export interface OutboxDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  config: NotificationsConfig;
  transports: ChannelTransports;
  /** This scheduler instance: the owner of its delivery claims. */
  owner: string;
  maintenance?: MaintenanceWindows;
  /** Jitter source for retry delays (Math.random by default). */
  random?: () => number;
  /** Told of every failed delivery attempt, by channel type (the outbox failure metric). */
  onAttemptFailed?: (channelType: string) => void;
}

export type OutboxCounts = Record<string, number>;

/**
 * The notifications outbox, one pass: (1) fan undispatched monitor events out into deliveries (one per
 * event and channel), (2) create due reminders, (3) group held storm alerts into one message per
 * channel, (4) claim and send due deliveries, retrying with backoff. Every step is safe to re-run and
 * to run on several scheduler instances at once.
 */
export function createOutbox(deps: OutboxDeps) {
  const { config } = deps;
  const maintenance = deps.maintenance ?? noMaintenanceWindows;
  const log = deps.logger.child({ component: "outbox" });
  return {
    async run(signal?: AbortSignal): Promise<OutboxCounts> {
      const fanned = await fanOutEvents({
        db: deps.db,
        clock: deps.clock,
        batchSize: config.batchSize,
        storm: config.storm,
        maintenance,
      });
      const reminders = await scheduleReminders({ db: deps.db, clock: deps.clock, maintenance });
      const storms = await flushStorms({ db: deps.db, clock: deps.clock, storm: config.storm, limit: 5_000 });
      const sent = await sendDueDeliveries({
        db: deps.db,
        clock: deps.clock,
        logger: log,
        transports: deps.transports,
        owner: deps.owner,
        sendTimeoutMs: config.sendTimeoutMs,
        leaseMarginMs: config.leaseMarginMs,
        retry: config.retry,
        batchSize: config.batchSize,
        concurrency: config.sendConcurrency,
        random: deps.random ?? Math.random,
        ...(signal ? { signal } : {}),
        ...(deps.onAttemptFailed ? { onAttemptFailed: deps.onAttemptFailed } : {}),
      });
      return {
        events: fanned.events,
        deliveriesCreated: fanned.deliveries,
        held: fanned.held,
        suppressed: fanned.suppressed,
        reminders,
        stormMessages: storms.stormMessages,
        grouped: storms.grouped,
        sent: sent.sent,
        retrying: sent.retry,
        failed: sent.failed,
      };
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
