import { loopbackAddressPolicy } from "@pingpilot/checks/testing";
import { loadConfig, type NotificationsConfig } from "@pingpilot/config";
import type { Database } from "@pingpilot/db";
import { insertTestMonitor, insertTestUser, testCheckResult, testLogger } from "@pingpilot/db/testing";
import type { Clock } from "@pingpilot/domain";
import { createOutcomeRecorder, type MonitorSnapshot } from "@pingpilot/monitoring";
import type { Types } from "mongoose";
import { type ChannelTransports, createChannelTransports } from "../src/channels/channel-transports.ts";
import { createEmailSender } from "../src/email/email-sender.ts";
import { createOutbox, type OutboxDeps } from "../src/outbox/run-outbox.ts";

export const appUrl = "https://app.pingpilot.test";

export function notificationsConfig(overrides: Partial<NotificationsConfig> = {}): NotificationsConfig {
  return {
    ...loadConfig({ NODE_ENV: "test", NOTIFY_SEND_TIMEOUT_MS: "2000", NOTIFY_LEASE_MARGIN_MS: "5000" }).notifications,
    ...overrides,
  };
}

export function transportsFor(
  clock: Clock,
  resendUrl: string,
  options: { resendKey?: string } = {},
): ChannelTransports {
  return createChannelTransports({
    email: createEmailSender({
      apiKey: options.resendKey ?? "re_test_key",
      baseUrl: resendUrl,
      from: "Ping Pilot <alerts@pingpilot.test>",
      logger: testLogger(),
      logContent: false,
    }),
    addressPolicy: loopbackAddressPolicy(),
    clock,
    context: { appUrl },
  });
}

export function outboxFor(
  db: Database,
  clock: Clock,
  transports: ChannelTransports,
  options: { owner?: string; config?: Partial<NotificationsConfig>; maintenance?: OutboxDeps["maintenance"] } = {},
) {
  return createOutbox({
    db,
    clock,
    logger: testLogger(),
    config: notificationsConfig(options.config),
    transports,
    owner: options.owner ?? "scheduler-a",
    random: () => 0.5,
    ...(options.maintenance ? { maintenance: options.maintenance } : {}),
  });
}

export function createUser(db: Database, clock: Clock, timezone = "UTC"): Promise<Types.ObjectId> {
  return insertTestUser(db, { timezone, at: clock.now() });
}

export async function createChannel(
  db: Database,
  clock: Clock,
  userId: Types.ObjectId,
  channel: {
    type: "email" | "webhook" | "slack" | "discord";
    config: Record<string, unknown>;
    reminderIntervalMinutes?: number;
  },
): Promise<Types.ObjectId> {
  const now = clock.now();
  const created = await db.models.NotificationChannel.create({
    userId,
    name: `${channel.type} channel`,
    type: channel.type,
    config: channel.config,
    reminderIntervalMinutes: channel.reminderIntervalMinutes ?? null,
    createdAt: now,
    updatedAt: now,
  });
  return created._id;
}

/** An HTTP monitor alerting `channelIds`, due at once. */
export function createMonitor(
  db: Database,
  clock: Clock,
  userId: Types.ObjectId,
  channelIds: Types.ObjectId[],
  name = "Checkout API",
): Promise<Types.ObjectId> {
  return insertTestMonitor(db, { userId, name, channelIds, at: clock.now() });
}

/** Records check results through the real outcome recorder (state machine, incidents, events). */
export async function recordChecks(
  db: Database,
  clock: Clock,
  monitorIds: readonly Types.ObjectId[],
  status: "up" | "down",
): Promise<void> {
  const monitors = await db.models.Monitor.find({ _id: { $in: [...monitorIds] } }).lean();
  await createOutcomeRecorder({ db, clock })(
    monitors.map((monitor) => ({ monitor: monitor as MonitorSnapshot, result: testCheckResult(status, clock.now()) })),
  );
}
