import { pruneNotifications as prune } from "@pingpilot/notifications";
import type { JobDefinition } from "../job.ts";

/** Daily: finished deliveries older than NOTIFY_DELIVERY_RETENTION_DAYS, and old delivery claims. */
export const pruneNotifications: JobDefinition = {
  name: "prune-notifications",
  schedule: "41 3 * * *",
  timeoutMs: 30 * 60_000,
  async run({ config, db, clock, signal }) {
    return prune(db, clock, config.notifications.deliveryRetentionDays, signal);
  },
};
