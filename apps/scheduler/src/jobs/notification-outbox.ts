import { channelTransportsFromConfig, createOutbox } from "@pingpilot/notifications";
import type { JobDefinition } from "../job.ts";

/**
 * The notifications outbox, every 5 seconds: monitor events become deliveries (one per event and
 * channel), storms are grouped, reminders created, and due deliveries are claimed, sent and retried.
 * The runner never runs it twice at once; the delivery claims would keep several instances apart anyway.
 */
export const notificationOutbox: JobDefinition = {
  name: "notification-outbox",
  schedule: "*/5 * * * * *",
  timeoutMs: 5 * 60_000,
  async run({ config, db, logger, clock, signal, metrics }) {
    const outbox = createOutbox({
      db,
      clock,
      logger,
      config: config.notifications,
      transports: channelTransportsFromConfig(config, { clock, logger }),
      owner: config.scheduler.instanceId,
      onAttemptFailed: (channel) => metrics?.outboxDeliveryFailures.inc({ channel }),
    });
    return outbox.run(signal);
  },
};
