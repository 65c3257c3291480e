import { generateDueReports } from "@pingpilot/notifications";
import type { JobDefinition } from "../job.ts";

/**
 * Weekly (and, when enabled, monthly) reports, hourly: each user's report is computed once its period
 * has ended and their local time has passed REPORT_LOCAL_HOUR, stored, and queued for email.
 */
export const notificationReports: JobDefinition = {
  name: "notification-reports",
  schedule: "7 * * * *",
  timeoutMs: 30 * 60_000,
  async run({ config, db, logger, clock, signal }) {
    return generateDueReports({ db, clock, logger, config: config.notifications.reports, signal });
  },
};
